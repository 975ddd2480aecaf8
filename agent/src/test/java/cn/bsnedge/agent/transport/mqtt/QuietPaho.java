package cn.bsnedge.agent.transport.mqtt;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Paho logs through java.util.logging; tests provoke failures on purpose and want none of it. */
final class QuietPaho {

    /** Held so the level is not lost when java.util.logging drops an unreferenced logger. */
    private static final Logger PAHO = Logger.getLogger("org.eclipse.paho");

    private QuietPaho() {
    }

    static void apply() {
        PAHO.setLevel(Level.OFF);
    }
}
