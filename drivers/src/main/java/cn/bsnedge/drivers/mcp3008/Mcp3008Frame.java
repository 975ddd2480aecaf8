package cn.bsnedge.drivers.mcp3008;

/** The 3-byte SPI exchange of MCP3008 datasheet (DS21295D) figure 6-1, for 8-bit transfers. */
final class Mcp3008Frame {
    static final int START = 0x01;           // byte 0: seven leading zeros then the start bit
    static final int SINGLE_ENDED = 0x80;    // byte 1 bit 7: SGL/DIFF
    static final int CHANNEL_SHIFT = 4;      // byte 1 bits 6..4: D2 D1 D0
    static final int NULL_BIT = 0x04;        // reply byte 1 bit 2: the chip drives it low before B9
    static final int HIGH_BITS = 0x03;       // reply byte 1 bits 1..0: B9 B8
    static final int FULL_SCALE = 1023;
    static final int STEPS = 1024;

    private Mcp3008Frame() {
    }
}
