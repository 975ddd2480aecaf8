package cn.bsnedge.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's I/O counters from {@code /proc/self/io}: {@code wchar} counts bytes handed to
 * write-like syscalls, {@code write_bytes} the bytes the kernel sent to the block device (what
 * wears an SD card; 0 on file systems that do not account it, e.g. tmpfs).
 */
record ProcIo(long wchar, long writeBytes, long syscw) {

    static ProcIo now() {
        try {
            long wchar = 0, wb = 0, syscw = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                String[] kv = line.split(":\\s*");
                switch (kv[0]) {
                    case "wchar" -> wchar = Long.parseLong(kv[1].trim());
                    case "write_bytes" -> wb = Long.parseLong(kv[1].trim());
                    case "syscw" -> syscw = Long.parseLong(kv[1].trim());
                    default -> { }
                }
            }
            return new ProcIo(wchar, wb, syscw);
        } catch (IOException | RuntimeException e) {
            return new ProcIo(-1, -1, -1);
        }
    }

    ProcIo minus(ProcIo before) {
        return new ProcIo(wchar - before.wchar, writeBytes - before.writeBytes, syscw - before.syscw);
    }
}
