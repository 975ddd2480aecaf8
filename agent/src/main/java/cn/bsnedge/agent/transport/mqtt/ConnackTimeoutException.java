package cn.bsnedge.agent.transport.mqtt;

import java.io.IOException;

/** The broker took the TCP (and TLS) connection but sent no CONNACK in time. */
final class ConnackTimeoutException extends IOException {

    ConnackTimeoutException(String message) {
        super(message);
    }
}
