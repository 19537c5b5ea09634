package io.positionpolicy.evaluation;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered evaluation ids: UUID version 7 (48 bits of Unix milliseconds), with the 12 bits after the version used
 * as a counter within the millisecond (RFC 9562, method 1), so that ids made by one process never go backwards.
 */
public final class EvaluationIds {
    private static final AtomicLong LAST = new AtomicLong();

    private EvaluationIds() {
    }

    public static UUID next() {
        long now = System.currentTimeMillis() << 12;
        long stamp = LAST.updateAndGet(previous -> Math.max(now, previous + 1));
        return of(stamp >>> 12, stamp & 0xFFF);
    }

    static UUID of(long epochMillis, long counter) {
        long high = (epochMillis << 16) | 0x7000L | (counter & 0xFFFL);
        long low = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
