package io.positionpolicy.backtest;

import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.PayloadTooLargeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The candle files a backtest may read: those of the data directory ({@code policy.backtest.data-dir}, the
 * checkout's {@code candles/} by default) and uploads, kept in {@code <policy.data-dir>/uploads} under the name they
 * were uploaded with, in a folder named by their content: {@code uploads/<hash>/btc-1h.csv}. A name never reaches
 * outside those two directories.
 */
@ApplicationScoped
public class CandleLibrary {
    public static final String UPLOADS = "uploads/";
    private static final Logger LOG = Logger.getLogger(CandleLibrary.class);
    private final Path dataDir;
    private final Path uploadDir;
    private final long maxDecompressedBytes;

    public CandleLibrary(PolicyConfig config) {
        this.dataDir = Path.of(config.backtest().dataDir()).toAbsolutePath().normalize();
        this.uploadDir = Path.of(config.dataDir(), "uploads").toAbsolutePath().normalize();
        this.maxDecompressedBytes = config.api().maxDecompressedSize().asLongValue();
    }

    /** What an upload became: the name to start a backtest with, the name it was uploaded as, and what it holds. */
    public record Upload(String file, String name, long candles, Instant from, Instant to) {
    }

    /** Every CSV file with a candle header, data directory first, then uploads. */
    public List<String> files() {
        List<String> files = new ArrayList<>(candleFiles(dataDir, ""));
        files.addAll(candleFiles(uploadDir, UPLOADS));
        return files;
    }

    private static List<String> candleFiles(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var paths = Files.walk(dir, 3)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
                    .filter(CandleFile::hasCandleHeader)
                    .map(p -> prefix + dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The file a backtest request names in {@code $.file}, or a problem naming that field. */
    public Path resolve(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException(List.of(new FieldError("$.file",
                    "is required: a candle file of the data directory or an upload")));
        }
        int control = firstControlCharacter(name);
        if (control >= 0) { // a NUL would reach Path.resolve and fail there; the rest name no file of ours either
            LOG.debugf("Backtest file name refused: %s", escaped(name));
            throw new InvalidRequestException(List.of(new FieldError("$.file", String.format(
                    "must not contain control characters (U+%04X at position %d)", (int) name.charAt(control),
                    control + 1))));
        }
        boolean uploaded = name.startsWith(UPLOADS);
        Path dir = uploaded ? uploadDir : dataDir;
        Path file;
        try {
            file = dir.resolve(uploaded ? name.substring(UPLOADS.length()) : name).normalize();
        } catch (InvalidPathException e) { // characters this file system refuses in a name
            file = null;
        }
        if (file == null || !file.startsWith(dir) || !Files.isRegularFile(file)) {
            throw new InvalidRequestException(List.of(new FieldError("$.file",
                    "no such candle file: choose one of the data directory or upload one")));
        }
        return file;
    }

    /**
     * Stores an uploaded candle file after reading every row; {@code header} is its {@code X-File-Name} (percent-encoded,
     * since header values are Latin-1), used in messages. Uploads are named by their content, so the same file
     * uploaded twice is kept once.
     */
    public Upload store(String header, InputStream body) throws IOException {
        String shown = shownName(header);
        Files.createDirectories(uploadDir);
        Path temp = Files.createTempFile(uploadDir, ".upload", ".part");
        try {
            Files.copy(body, temp, StandardCopyOption.REPLACE_EXISTING);
            long candles = 0;
            Bar first = null;
            Bar last = null;
            try (CandleFile candlesIn = CandleFile.open(temp, maxDecompressedBytes)) {
                for (Bar bar = candlesIn.next(); bar != null; bar = candlesIn.next()) {
                    first = first == null ? bar : first;
                    last = bar;
                    candles++;
                }
            } catch (CandleFile.TooLargeException e) {
                throw new PayloadTooLargeException(new FieldError("body", shown + " is larger than the limit of "
                        + e.maxBytes() + " bytes once decompressed (policy.api.max-decompressed-size)"));
            } catch (CandleFile.CandleFileException e) {
                throw new InvalidRequestException(List.of(new FieldError("body",
                        e.getMessage().replace(temp.toString(), shown)
                                .replace(temp.getFileName().toString(), shown))));
            }
            if (candles == 0) {
                throw new InvalidRequestException(List.of(new FieldError("body", shown + " holds no candles")));
            }
            boolean gzip;
            try (var in = Files.newInputStream(temp)) {
                gzip = in.read() == 0x1f && in.read() == 0x8b;
            }
            String stored = contentName(temp) + "/" + storedName(shown, gzip);
            Path target = uploadDir.resolve(stored);
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            return new Upload(UPLOADS + stored, shown, candles, Instant.ofEpochMilli(first.time()),
                    Instant.ofEpochMilli(last.time()));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static int firstControlCharacter(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code name} fit for a log line: each control character as a Java-style escape, so none reaches the log raw. */
    static String escaped(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        name.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return out.toString();
    }

    private static String shownName(String header) {
        String name;
        try {
            name = header == null ? "" : URLDecoder.decode(header, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            name = header;
        }
        name = name.strip().replaceAll("[\\p{Cntrl}/\\\\]", "_");
        return name.isEmpty() || name.length() > 100 ? "upload.csv" : name;
    }

    /** The upload's own name as a safe file name that the listing picks up (.csv, or .csv.gz when gzipped). */
    static String storedName(String shown, boolean gzip) {
        String name = shown.replaceAll("[^\\p{L}\\p{N}._()+ -]", "_").replaceAll("^[.\\s]+", "").strip();
        name = name.replaceAll("(?i)(\\.csv)?(\\.gz)?$", "");
        return (name.isEmpty() ? "upload" : name) + (gzip ? ".csv.gz" : ".csv");
    }

    private static String contentName(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
