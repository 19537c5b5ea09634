package io.positionpolicy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.positionpolicy.evaluation.EvaluationRecord;
import io.positionpolicy.evaluation.ResponseJson;
import io.positionpolicy.model.Decision.FiredRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Group commit of audit records onto this instance's hash chain. Evaluations hand their record to one writer thread
 * and wait; the writer takes every record waiting (up to {@code batchSize}, lingering up to {@code maxWait} for more),
 * chains them, writes them (a row each, and a row per violation) and the new chain head in one transaction, and only
 * then completes their futures. A failed transaction fails its whole batch and leaves the chain where the last commit
 * left it.
 */
public final class AuditWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditWriter.class);
    private record Pending(EvaluationRecord record, CompletableFuture<Void> done) {
    }

    private final DataSource dataSource;
    private final String chainId;
    private final int batchSize;
    private final Duration maxWait;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final ChainHash hasher = new ChainHash();
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean running = true;
    private long lastSeq;
    private String lastHash;

    public AuditWriter(DataSource dataSource, String chainId, int batchSize, Duration maxWait, int queueCapacity) {
        this.dataSource = dataSource;
        this.chainId = chainId;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        loadHead();
        this.thread = new Thread(this::run, "audit-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a record; the future completes when it is committed. Fails at once when the queue is full. */
    public CompletableFuture<Void> append(EvaluationRecord record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the audit writer is closed"));
        } else if (!queue.offer(new Pending(record, done))) {
            done.completeExceptionally(new IllegalStateException("the audit queue is full"));
        }
        return done;
    }

    public String chainId() {
        return chainId;
    }

    /** Transactions committed so far: fewer than records whenever group commit shares them. */
    public long commits() {
        return commits.get();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - batch.size());
                long deadline = System.nanoTime() + maxWait.toNanos();
                while (batch.size() < batchSize && System.nanoTime() < deadline) {
                    Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, batchSize - batch.size());
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                LOG.error("Audit writer error", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the audit writer stopped"));
        }
    }

    private void commit(List<Pending> batch) {
        List<Written> rows = new ArrayList<>(batch.size());
        long seq = lastSeq;
        String previous = lastHash;
        for (Pending pending : batch) {
            EvaluationRecord record = pending.record();
            AuditRow row = row(record, chainId, ++seq, previous);
            row = row.withHash(hasher.of(row));
            rows.add(new Written(row, record.firedRules().stream().map(FiredRule::name).toList(),
                    record.violationCodes()));
            previous = row.hash();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insert(connection, rows);
                advanceHead(connection, seq, previous);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            lastSeq = seq;
            lastHash = previous;
            commits.incrementAndGet();
            batch.forEach(p -> p.done().complete(null));
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Audit batch of %d records not committed: %s", batch.size(), e.getMessage());
            batch.forEach(p -> p.done().completeExceptionally(e));
            reloadHeadQuietly();
        }
    }

    /** A row to write with its fired rules' names ({@code rule_names}) and its violation codes (a row each). */
    private record Written(AuditRow row, List<String> ruleNames, List<String> codes) {
    }

    private void insert(Connection connection, List<Written> rows) throws SQLException {
        try (PreparedStatement evaluation = connection.prepareStatement(AuditColumns.INSERT);
                PreparedStatement violation = connection.prepareStatement(
                        "INSERT INTO audit_violation (evaluation_id, ordinal, code) VALUES (?, ?, ?)")) {
            boolean violations = false;
            for (Written row : rows) {
                AuditColumns.bind(evaluation, row.row(), row.ruleNames());
                evaluation.addBatch();
                List<String> codes = row.codes();
                for (int i = 0; i < codes.size(); i++) {
                    violation.setString(1, row.row().id());
                    violation.setInt(2, i);
                    violation.setString(3, codes.get(i));
                    violation.addBatch();
                    violations = true;
                }
            }
            evaluation.executeBatch();
            if (violations) {
                violation.executeBatch();
            }
        }
    }

    /** Moves the head only from where this writer left it: a second writer on the same chain fails here. */
    private void advanceHead(Connection connection, long seq, String hash) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE audit_chain_head SET last_seq = ?, last_hash = ?, updated_at = ? "
                        + "WHERE chain_id = ? AND last_seq = ?")) {
            update.setLong(1, seq);
            update.setString(2, hash);
            update.setTimestamp(3, Timestamp.from(Instant.now()));
            update.setString(4, chainId);
            update.setLong(5, lastSeq);
            if (update.executeUpdate() != 1) {
                throw new SQLException("chain " + chainId + " was extended by someone else; is another instance "
                        + "running with the same instance id?");
            }
        }
    }

    /** The chained row of {@code r}, its hash not yet set. */
    static AuditRow row(EvaluationRecord r, String chainId, long seq, String previous) {
        return new AuditRow(r.id().toString(), chainId, seq, r.evaluatedAt(), r.principal(), r.requestId(),
                r.accountId(), r.positionId(), r.symbol(), r.intentType(), r.verdict(), r.rulesetVersion(),
                r.durationMicros(), r.requestJson(), r.responseJson(), firedRulesJson(r.firedRules()),
                String.join(" ", r.violationCodes()), previous, null);
    }

    private static String firedRulesJson(List<FiredRule> fired) {
        try {
            return ResponseJson.mapper().writeValueAsString(
                    fired.stream().map(f -> Map.of("name", f.name(), "file", f.file())).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void loadHead() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT last_seq, last_hash FROM audit_chain_head WHERE chain_id = ?")) {
                select.setString(1, chainId);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        lastSeq = rs.getLong(1);
                        lastHash = rs.getString(2);
                        return;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_chain_head (chain_id, last_seq, last_hash, updated_at) VALUES (?, 0, ?, ?)")) {
                insert.setString(1, chainId);
                insert.setString(2, ChainHash.GENESIS);
                insert.setObject(3, Instant.now().atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
            }
            lastSeq = 0;
            lastHash = ChainHash.GENESIS;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the head of audit chain " + chainId + ": " + e.getMessage(), e);
        }
    }

    private void reloadHeadQuietly() {
        try {
            loadHead();
        } catch (RuntimeException e) {
            LOG.debugf("Audit chain head not reloaded (store still unavailable): %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
