package cn.bsnedge.agent.transport;

/** Told every change of a link's {@link LinkState}, on the link's event thread, in order. */
@FunctionalInterface
public interface LinkListener {

    LinkListener NONE = state -> { };

    void stateChanged(LinkState state);
}
