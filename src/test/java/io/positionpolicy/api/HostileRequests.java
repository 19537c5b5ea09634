package io.positionpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.positionpolicy.TestUsers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Generates the hostile requests of {@link HostileInputFuzzTest}, one endpoint group per {@link Shot#target()}:
 * mutated valid requests, hostile values, byte-level damage, deep nesting, junk bodies, wrong content types and
 * methods, broken multipart and broken credentials. Deterministic for a given {@link Random}.
 */
final class HostileRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CONTENT_TYPES = {"application/json", "text/plain", "application/xml",
            "application/x-www-form-urlencoded", "application/json; charset=ISO-8859-1", "multipart/form-data",
            "application/problem+json", "*/*", "", "application/json; boundary=\u0001"};

    /** A request to send: method, path, content type (null for none), body, and the Authorization header. */
    record Shot(String target, String method, String path, String contentType, byte[] body, String authorization) {
    }

    private final List<ObjectNode> seeds;

    HostileRequests() throws Exception {
        this.seeds = seeds();
    }

    /** The {@code i}-th shot. */
    Shot next(Random random, int i) throws Exception {
        return shot(random, i);
    }

    private Shot shot(Random random, int i) throws Exception {
        int kind = random.nextInt(100);
        String admin = TestUsers.ADMIN.basic();
        if (kind < 45) {
            return new Shot("evaluate", "POST", "/api/v1/evaluations", contentType(random), evaluationBody(random),
                    admin);
        }
        if (kind < 55) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            for (int n = random.nextInt(4); n >= 0; n--) {
                items.add(mutate(random, seed(random)));
            }
            ObjectNode batch = JsonNodeFactory.instance.objectNode();
            batch.set(random.nextInt(10) == 0 ? "itemz" : "items", random.nextInt(10) == 0 ? hostileValue(random)
                    : items);
            return new Shot("batch", "POST", "/api/v1/evaluations/batch", contentType(random),
                    corrupt(random, bytes(batch)), admin);
        }
        if (kind < 57) {
            return new Shot("validate-json", "POST", "/api/v1/rulesets/validate", contentType(random),
                    corrupt(random, validateBody(random)), admin);
        }
        if (kind < 58) {
            return multipart(random, admin);
        }
        if (kind < 59) {
            return new Shot("reload", random.nextBoolean() ? "POST" : "PUT", "/api/v1/rulesets/reload"
                    + (random.nextBoolean() ? "?force=" + enc(hostileText(random)) : ""), contentType(random),
                    junk(random), admin);
        }
        if (kind < 61) {
            return credentials(random, i);
        }
        if (kind < 62) {
            ObjectNode backtest = JsonNodeFactory.instance.objectNode().put("file", "no-such-file.csv")
                    .put("breakoutBars", 20).put("stopAtr", 2.0);
            return new Shot("backtest-start", "POST", "/api/v1/backtests", contentType(random),
                    corrupt(random, bytes(mutate(random, backtest))), admin);
        }
        if (kind < 63) {
            ObjectNode impact = JsonNodeFactory.instance.objectNode().put("limit", 5).put("accountId", "fuzz")
                    .put("from", "2026-01-01T00:00:00Z");
            return new Shot("impact", "POST", "/api/v1/rulesets/impact", contentType(random),
                    corrupt(random, bytes(mutate(random, impact))), admin);
        }
        return get(random, admin);
    }

    private byte[] evaluationBody(Random random) throws Exception {
        ObjectNode request = seed(random);
        int how = random.nextInt(10);
        if (how == 0) {
            return deepNesting(random);
        }
        if (how == 1) {
            return junk(random);
        }
        return corrupt(random, bytes(mutate(random, request)));
    }

    private ObjectNode seed(Random random) {
        return seeds.get(random.nextInt(seeds.size())).deepCopy();
    }

    /** Changes 0 to 3 places of the request: a hostile value, a removed field, an unknown field, a type swap. */
    private JsonNode mutate(Random random, ObjectNode request) {
        int changes = random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            List<ObjectNode> parents = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            collect(request, parents, fields);
            int at = random.nextInt(parents.size());
            ObjectNode parent = parents.get(at);
            String field = fields.get(at);
            switch (random.nextInt(4)) {
                case 0 -> parent.remove(field);
                case 1 -> parent.set("x" + random.nextInt(1000), hostileValue(random));
                default -> parent.set(field, hostileValue(random));
            }
        }
        return request;
    }

    private static void collect(JsonNode node, List<ObjectNode> parents, List<String> fields) {
        if (node instanceof ObjectNode object) {
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                parents.add(object);
                fields.add(name);
                collect(object.get(name), parents, fields);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> collect(element, parents, fields));
        }
    }

    private static JsonNode hostileValue(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(22)) {
            case 0 -> f.numberNode(Double.MAX_VALUE);
            case 1 -> f.numberNode(-Double.MAX_VALUE);
            case 2 -> f.numberNode(Double.MIN_VALUE);
            case 3 -> f.numberNode(0);
            case 4 -> f.numberNode(-0.0);
            case 5 -> f.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(80))));
            case 6 -> f.textNode("NaN");
            case 7 -> f.textNode(random.nextBoolean() ? "Infinity" : "-Infinity");
            case 8 -> f.booleanNode(random.nextBoolean());
            case 9 -> f.nullNode();
            case 10 -> f.textNode("");
            case 11 -> f.textNode(hostileText(random));
            case 12 -> f.textNode("x".repeat(random.nextInt(300_000)));
            case 13 -> f.arrayNode().add(1).add("two").addNull();
            case 14 -> f.objectNode().put("nested", 1);
            case 15 -> f.numberNode(2_147_483_648L);
            case 16 -> f.numberNode(-random.nextInt(1_000_000));
            case 17 -> f.numberNode(1e-300);
            case 18 -> f.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 19 -> f.textNode("2024-13-45T99:99:99Z");
            case 20 -> f.numberNode(Long.MAX_VALUE);
            default -> {
                ArrayNode many = f.arrayNode();
                for (int n = random.nextInt(6_000); n > 0; n--) {
                    many.addObject().put("time", n).put("open", 1).put("high", 2).put("low", 1).put("close", 1.5);
                }
                yield many;
            }
        };
    }

    private static String hostileText(Random random) {
        String[] texts = {"'; DROP TABLE audit_evaluation; --", "<script>alert(1)</script>", "../../etc/passwd",
                "\u0000\u0001\u0002", "\uD800", "\uFFFF\uFFFE", "%00%ff", "${jndi:ldap://x}", "\\\"\\u0000",
                "日本語のテキスト", "\u202Eevil", "a\nb\rc\td", "%s%n%x", "NaN", "-Infinity", "1e999999"};
        return texts[random.nextInt(texts.length)];
    }

    /** Byte-level damage to a JSON body: truncation, invalid UTF-8, flipped bytes, raw NaN, a duplicate key. */
    private static byte[] corrupt(Random random, byte[] body) {
        byte[] b = body;
        switch (random.nextInt(12)) {
            case 0 -> b = java.util.Arrays.copyOf(b, random.nextInt(Math.max(1, b.length)));
            case 1 -> {
                b = b.clone();
                b[random.nextInt(b.length)] = (byte) (0x80 + random.nextInt(0x40));
            }
            case 2 -> {
                b = b.clone();
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 3 -> b = new String(b, StandardCharsets.UTF_8).replaceFirst("(\"equity\":)[^,}]+", "$1NaN")
                    .replaceFirst("(\"lastPrice\":)[^,}]+", "$1Infinity").getBytes(StandardCharsets.UTF_8);
            case 4 -> b = new String(b, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"intent\":{},")
                    .getBytes(StandardCharsets.UTF_8);
            case 5 -> b = (new String(b, StandardCharsets.UTF_8) + " trailing").getBytes(StandardCharsets.UTF_8);
            case 6 -> {
                byte[] invalid = {(byte) 0xC3, (byte) 0x28, (byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0xBC};
                byte[] joined = new byte[b.length + invalid.length];
                int at = random.nextInt(b.length);
                System.arraycopy(b, 0, joined, 0, at);
                System.arraycopy(invalid, 0, joined, at, invalid.length);
                System.arraycopy(b, at, joined, at + invalid.length, b.length - at);
                b = joined;
            }
            default -> {
                // intact: the mutation alone
            }
        }
        return b;
    }

    private static byte[] deepNesting(Random random) {
        int depth = 20 + random.nextInt(random.nextBoolean() ? 50 : 100_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return ("{\"account\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] junk(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> "null".getBytes(StandardCharsets.UTF_8);
            case 2 -> "[]".getBytes(StandardCharsets.UTF_8);
            case 3 -> "\"just a string\"".getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                byte[] bytes = new byte[random.nextInt(4096)];
                random.nextBytes(bytes);
                yield bytes;
            }
            default -> "<xml>not json</xml>".getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String contentType(Random random) {
        return random.nextInt(10) < 8 ? "application/json" : random.nextInt(20) == 0 ? null
                : CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
    }

    private static byte[] validateBody(Random random) throws Exception {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode files = body.putObject("files");
        String[] paths = {"entry/Volatility.drl", "x.drl", "../escape.drl", "/abs.drl", "tests/t.yaml", "a\u0000b.drl",
                "deep/" + "d/".repeat(50) + "f.drl", "", "entry/Stops.drl"};
        String path = paths[random.nextInt(paths.length)];
        String[] texts = {"package x;\nrule \"r\" when\n", "not drl at all {{{", "",
                "package x;\nrule \"r\" when then System.exit(1); end\n", "scenarios: [1, 2", "x".repeat(20_000),
                "package x;\nimport java.io.File;\nrule \"r\" when then new File(\"/tmp/x\").delete(); end\n"};
        JsonNode text = random.nextInt(5) == 0 ? hostileValue(random)
                : JsonNodeFactory.instance.textNode(texts[random.nextInt(texts.length)]);
        files.set(path, text);
        if (random.nextInt(4) == 0) {
            body.set("replace", hostileValue(random));
        }
        return bytes(body);
    }

    private static Shot multipart(Random random, String admin) {
        String boundary = "b" + random.nextInt(1_000_000);
        String name = random.nextBoolean() ? "entry/Volatility.drl" : hostileText(random);
        String content = random.nextBoolean() ? "package x;\nrule \"r\" when\n" : hostileText(random);
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n"
                + (random.nextBoolean() ? "--" + boundary + "--\r\n" : "");
        String type = random.nextInt(4) == 0 ? "multipart/form-data" : "multipart/form-data; boundary=" + boundary;
        return new Shot("validate-multipart", "POST", "/api/v1/rulesets/validate", type,
                body.getBytes(StandardCharsets.UTF_8), admin);
    }

    /** Broken Authorization headers; a few wrong passwords (each costs a bcrypt check, as for an attacker). */
    private static Shot credentials(Random random, int i) {
        String[] headers = {"Basic", "Basic ", "Basic !!!!", "Basic " + b64("no-colon"), "Basic " + b64(":"),
                "Basic " + b64("admin:"), "Basic " + "QQ".repeat(5_000), "Bearer", "Bearer ", "Bearer a.b.c",
                "Bearer " + "x".repeat(6_000), "Bearer eyJhbGciOiJub25lIn0.e30.", "bAsIc " + b64("admin:x"),
                "Basic " + b64("\u0000:\u0000"), "Basic " + b64("admin:admin-pass-1234\u0000")};
        String header = i % 500 == 0 ? "Basic " + b64("admin:wrong-" + i) : headers[random.nextInt(headers.length)];
        String[] paths = {"/api/v1/evaluations", "/api/v1/audit/verify", "/api/v1/rulesets/status", "/q/metrics"};
        String path = paths[random.nextInt(paths.length)];
        return new Shot(path.startsWith("/q") ? "metrics" : path.contains("audit") ? "audit-verify"
                : path.contains("rulesets") ? "ruleset-status" : "evaluate", path.equals("/api/v1/evaluations")
                ? "POST" : "GET", path, "application/json", "{}".getBytes(StandardCharsets.UTF_8), header);
    }

    private static Shot get(Random random, String admin) {
        String t = enc(hostileText(random));
        String id = random.nextBoolean() ? "01234567-89ab-7def-8123-456789abcdef" : t;
        String[][] targets = {
            {"audit-search", "/api/v1/audit/evaluations?accountId=" + t + "&from=" + t + "&limit=" + enc(
                    String.valueOf(random.nextInt(5_000) - 100)) + "&verdict=" + t + "&after=" + t},
            {"audit-search", "/api/v1/audit/evaluations?symbol=BTCUSDT&rule=" + t + "&violation=" + t},
            {"audit-record", "/api/v1/audit/evaluations/" + id},
            {"audit-export", "/api/v1/audit/export?format=" + (random.nextBoolean() ? "csv" : t) + "&to=" + t},
            {"audit-stats", "/api/v1/audit/rules/stats?from=" + t},
            {"audit-verify", "/api/v1/audit/verify"},
            {"ruleset-version", "/api/v1/rulesets/" + t},
            {"ruleset-diff", "/api/v1/rulesets/sha256:" + t + "/diff/" + t},
            {"ruleset-history", "/api/v1/rulesets"},
            {"ruleset-operations", "/api/v1/rulesets/operations?limit=" + t},
            {"ruleset-status", "/api/v1/rulesets/status"},
            {"ruleset-active", "/api/v1/rulesets/active"},
            {"health", "/q/health/" + (random.nextBoolean() ? "ready" : t)},
            {"metrics", "/q/metrics"},
            {"openapi", "/q/openapi?format=" + t},
            {"backtests", "/api/v1/backtests" + (random.nextBoolean() ? "" : "/files")},
            {"backtest-job", "/api/v1/backtests/" + t + (random.nextBoolean() ? "" : "/equity.svg")},
            {"unknown", "/api/v2/" + t},
            {"unknown", "/" + t + "/../../etc/passwd"},
        };
        String[] target = targets[random.nextInt(targets.length)];
        String method = random.nextInt(8) == 0 ? new String[] {"DELETE", "PUT", "PATCH", "POST", "OPTIONS"}[
                random.nextInt(5)] : "GET";
        return new Shot(target[0], method, target[1], null, new byte[0], admin);
    }

    // ---- sending and checking ----

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<ObjectNode> seeds() throws Exception {
        List<ObjectNode> seeds = new ArrayList<>();
        for (String step : List.of("1", "2", "3", "3b", "3c", "4", "5", "6", "7")) {
            seeds.add((ObjectNode) WorkedExample.given(step).deepCopy());
        }
        seeds.add((ObjectNode) JSON.readTree(io.positionpolicy.TestRequests.openAsking(30)));
        return seeds;
    }
}
