package io.positionpolicy.evaluation;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Time-ordered evaluation ids (UUID version 7: 48 bits of Unix milliseconds, then random bits). */
public final class EvaluationIds {
    private EvaluationIds() {
    }

    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
