package cn.bsnedge.agent.transport;

/**
 * Receives the messages of a subscription, on the link's event thread. The message is
 * acknowledged to the broker when this returns, also when it throws (the exception is logged):
 * a handler that cannot take a message now must keep it itself rather than throw.
 */
@FunctionalInterface
public interface MessageHandler {

    void handle(InboundMessage message);
}
