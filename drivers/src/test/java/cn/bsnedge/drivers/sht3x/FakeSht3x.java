package cn.bsnedge.drivers.sht3x;

import cn.bsnedge.drivers.testing.RegisterArrayI2c;

import java.io.IOException;

/**
 * An SHT3x at command level: a measure command latches the current raw values, a read returns
 * them with their CRCs once, and a read with nothing to return NACKs as the real chip does.
 */
class FakeSht3x extends RegisterArrayI2c {

    int rawT = 0x6666;   // 24.997 °C
    int rawH = 0x8000;   // 50.001 %RH
    int status = 0x8010; // alert pending, reset detected: the power-on status
    boolean corruptHumidityCrc;
    private byte[] outbox;

    FakeSht3x() {
        super(1, 0x44);
    }

    /** Power cycle: any latched measurement is lost and the reset flag comes back. */
    void powerCycle() {
        outbox = null;
        status |= Sht3xCommands.STATUS_RESET_DETECTED;
    }

    @Override
    protected void onCommand(byte[] d) {
        int cmd = (d[0] & 0xFF) << 8 | (d[1] & 0xFF);
        switch (cmd) {
            case Sht3xCommands.MEASURE_HIGH_NO_STRETCH -> outbox = words(rawT, rawH);
            case Sht3xCommands.READ_STATUS -> outbox = words(status);
            case Sht3xCommands.CLEAR_STATUS -> status &= ~0x8010;
            default -> outbox = null;
        }
        if (corruptHumidityCrc && cmd == Sht3xCommands.MEASURE_HIGH_NO_STRETCH) {
            outbox[5] ^= 0x01;
        }
    }

    @Override
    protected void onRead(byte[] into) throws IOException {
        if (outbox == null) {
            throw new IOException("Remote I/O error (NACK): no data");
        }
        System.arraycopy(outbox, 0, into, 0, Math.min(into.length, outbox.length));
        outbox = null;
    }

    static byte[] words(int... ws) {
        byte[] out = new byte[ws.length * 3];
        for (int i = 0; i < ws.length; i++) {
            out[3 * i] = (byte) (ws[i] >> 8);
            out[3 * i + 1] = (byte) ws[i];
            out[3 * i + 2] = (byte) Sht3xCrc.crc8(ws[i] >> 8, ws[i]);
        }
        return out;
    }
}
