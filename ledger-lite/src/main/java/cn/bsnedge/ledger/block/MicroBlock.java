package cn.bsnedge.ledger.block;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;

import java.util.ArrayList;
import java.util.List;

/**
 * A sealed micro-block: the signed header, its signature, and the encoded entries in leaf
 * order. The sealed-block encoding (FORMAT.md §6) is what the store keeps and what the
 * gateway publishes as telemetry; only the header and entries are covered cryptographically.
 */
public record MicroBlock(MicroBlockHeader header, byte[] signature, List<byte[]> entries) {

    public static final int VERSION = 1;
    /** Largest entry the sealed-block encoding can frame (u16 length). */
    public static final int MAX_ENTRY_BYTES = 0xffff;

    public MicroBlock {
        signature = signature.clone();
        List<byte[]> copy = new ArrayList<>(entries.size());
        for (byte[] e : entries) {
            if (e.length > MAX_ENTRY_BYTES) {
                throw new IllegalArgumentException("entry of " + e.length + " bytes exceeds " + MAX_ENTRY_BYTES);
            }
            copy.add(e.clone());
        }
        entries = List.copyOf(copy);
        if (entries.size() != header.entryCount()) {
            throw new IllegalArgumentException("block has " + entries.size() + " entries, header says " + header.entryCount());
        }
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The entries' canonical bytes, in leaf order (copies: a block is an immutable value). */
    @Override
    public List<byte[]> entries() {
        return entries.stream().map(byte[]::clone).toList();
    }

    /** Entry {@code i}'s canonical bytes (a copy). */
    public byte[] entry(int i) {
        return entries.get(i).clone();
    }

    public int entryCount() {
        return entries.size();
    }

    public long height() {
        return header.height();
    }

    public byte[] hash() {
        return header.hash();
    }

    public byte[] encode() {
        byte[] h = header.encode();
        int size = 1 + 2 + h.length + 2 + signature.length + 4;
        for (byte[] e : entries) {
            size += 2 + e.length;
        }
        ByteWriter w = new ByteWriter(size).u8(VERSION).u16(h.length).bytes(h)
                .u16(signature.length).bytes(signature).u32(entries.size());
        for (byte[] e : entries) {
            w.u16(e.length).bytes(e);
        }
        return w.toByteArray();
    }

    /** Decodes the framing and the header; entries stay as bytes (decode them with EntryCodec). */
    public static MicroBlock decode(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        int version = in.u8("block.version");
        if (version != VERSION) {
            throw new FormatException("block.version", 0, "sealed-block version " + version + " is not supported; want " + VERSION);
        }
        MicroBlockHeader header = MicroBlockHeader.decode(in.bytes("block.header", in.u16("block.header.length")));
        int sigAt = in.position();
        int sigLen = in.u16("block.signature.length");
        if (sigLen != header.suite().signatureLength()) {
            throw new FormatException("block.signature.length", sigAt,
                    "signature is " + sigLen + " bytes, " + header.suite().label() + " signatures are " + header.suite().signatureLength());
        }
        byte[] sig = in.bytes("block.signature", sigLen);
        int countAt = in.position();
        int count = in.u32("block.entries.count");
        if (count != header.entryCount()) {
            throw new FormatException("block.entries.count", countAt, "block frames " + count + " entries, header says " + header.entryCount());
        }
        // Each entry takes at least its 2-byte length: never pre-allocate for more than the input can hold.
        List<byte[]> entries = new ArrayList<>(Math.min(count, in.remaining() / 2));
        for (int i = 0; i < count; i++) {
            entries.add(in.bytes("block.entries[" + i + "]", in.u16("block.entries[" + i + "].length")));
        }
        in.expectEnd("block");
        return new MicroBlock(header, sig, entries);
    }
}
