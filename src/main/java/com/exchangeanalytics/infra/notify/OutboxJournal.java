package com.exchangeanalytics.infra.notify;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The outbox journal's format: one record per line, {@code <crc32 as 8 hex digits> <JSON>\n}, and how
 * records rebuild the live entries (see docs/notify.md). A line that does not end in a newline is a torn
 * write; a line whose checksum or JSON is wrong is skipped.
 */
final class OutboxJournal {

    static final int FORMAT = 1;
    private static final int CRC_DIGITS = 8;

    private OutboxJournal() {
    }

    /** What replaying a journal found; {@code tornBytes} trail the last complete line. */
    record Replay(LinkedHashMap<String, OutboxEntry> entries, long nextSeq, int records, int skipped,
                  int tornBytes) {
    }

    /** Rebuilds the live entries from journal bytes. */
    static Replay replay(byte[] bytes) {
        LinkedHashMap<String, OutboxEntry> entries = new LinkedHashMap<>();
        long[] seq = {1};
        int records = 0;
        int skipped = 0;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            JsonObject record = decode(bytes, start, i);
            start = i + 1;
            if (record == null) {
                skipped++;
                continue;
            }
            try {
                apply(entries, record, seq);
                records++;
            } catch (RuntimeException e) {
                skipped++;
            }
        }
        return new Replay(entries, seq[0], records, skipped, bytes.length - start);
    }

    private static void apply(Map<String, OutboxEntry> entries, JsonObject record, long[] seq) {
        String op = record.getString("op");
        String id = record.getString("id");
        OutboxEntry entry = id == null ? null : entries.get(id);
        switch (op) {
            case "header" -> {
                if (record.getInteger("format", -1) != FORMAT) {
                    throw new IllegalStateException("unknown outbox journal format");
                }
            }
            case "accepted", "snapshot", "adopted" -> {
                OutboxEntry accepted = OutboxEntry.fromJson(record.getJsonObject("entry"));
                entries.put(accepted.id(), accepted);
                seq[0] = Math.max(seq[0], accepted.seq() + 1);
            }
            case "attempt" -> {
                if (entry != null) {
                    entries.put(id, entry.attempted(record.getInteger("attempts"),
                        record.getString("error")));
                }
            }
            case "delivered" -> entries.remove(id);
            case "dead" -> {
                if (entry != null) {
                    entries.put(id, entry.deadLettered(record.getInteger("attempts"),
                        record.getString("error")));
                }
            }
            case "requeued" -> {
                if (entry != null) {
                    long newSeq = record.getLong("seq");
                    entries.remove(id);
                    entries.put(id, entry.requeued(newSeq, Instant.parse(record.getString("deadline"))));
                    seq[0] = Math.max(seq[0], newSeq + 1);
                }
            }
            default -> throw new IllegalStateException("unknown journal record " + op);
        }
    }

    /** One line without its newline, or {@code null} when its checksum or JSON is bad. */
    private static JsonObject decode(byte[] bytes, int start, int end) {
        int jsonStart = start + CRC_DIGITS + 1;
        if (end - start <= CRC_DIGITS + 1 || bytes[start + CRC_DIGITS] != ' ') {
            return null;
        }
        try {
            String crcText = new String(bytes, start, CRC_DIGITS, StandardCharsets.US_ASCII);
            long expected = Long.parseLong(crcText, 16);
            CRC32 crc = new CRC32();
            crc.update(bytes, jsonStart, end - jsonStart);
            if (crc.getValue() != expected) {
                return null;
            }
            return new JsonObject(new String(bytes, jsonStart, end - jsonStart, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code <crc32> <json>\n}. */
    static Buffer encode(JsonObject record) {
        byte[] json = record.encode().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(json);
        return Buffer.buffer(json.length + CRC_DIGITS + 2)
            .appendString(String.format("%08x ", crc.getValue()))
            .appendBytes(json)
            .appendByte((byte) '\n');
    }
}
