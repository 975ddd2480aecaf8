package cn.bsnedge.drivers.mcp3008;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.SpiDevice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** An MCP3008 at frame level: decodes the request, answers with the channel's code; or absent / failing. */
final class FakeMcp3008 implements SpiDevice {

    final int[] codes = new int[8];
    final List<String> sent = new ArrayList<>();
    boolean absent;        // MISO floats high
    boolean ioError;

    @Override
    public DeviceAddress address() {
        return DeviceAddress.spi(0, 0);
    }

    @Override
    public byte[] transfer(byte[] out) throws IOException {
        sent.add(HexFormat.of().formatHex(out));
        if (ioError) {
            throw new IOException("SPI_IOC_MESSAGE failed: Input/output error");
        }
        if (absent) {
            return new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        }
        if (out.length != 3 || out[0] != 0x01) {
            return new byte[out.length];
        }
        int ch = (out[1] >> 4) & 0x07;
        int code = codes[ch];
        // MISO is high-Z (reads 1 with the usual pull-up) until the null bit.
        return new byte[]{(byte) 0xFF, (byte) (0xF8 | code >> 8), (byte) code};
    }
}
