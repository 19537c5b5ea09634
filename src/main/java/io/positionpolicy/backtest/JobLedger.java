package io.positionpolicy.backtest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where backtest jobs are kept beyond this process: the store, so a job outlives a restart and, in a cluster, a job
 * started through one replica is read (and cancelled) through any other. {@link #NONE} keeps them in this process
 * only (tests).
 */
public interface JobLedger {

    /** True when jobs are kept in the store (shared with other replicas, if any). */
    boolean shared();

    /** Writes the job's current state (status, progress, result). */
    void save(BacktestJobs.View job);

    Optional<BacktestJobs.View> find(String id);

    /** The most recent jobs, newest first, without their results. */
    List<BacktestJobs.View> list(int limit);

    /** Asks whichever replica runs the job to stop it; false when there is no such job. */
    boolean requestCancel(String id);

    boolean cancelRequested(String id);

    /** Jobs of this replica left unfinished by an earlier run of it (it died): marked failed. */
    void failOwnUnfinished(Instant startedAt);

    /** Jobs of replicas not seen since {@code seenBefore}: marked failed. */
    void failAbandoned(Instant seenBefore);

    /**
     * Forgets the finished jobs started before {@code startedBefore}, with their results, except the one a change set
     * keeps; returns how many.
     */
    int forgetFinishedBefore(Instant startedBefore);

    JobLedger NONE = new JobLedger() {
        @Override
        public boolean shared() {
            return false;
        }

        @Override
        public void save(BacktestJobs.View job) {
        }

        @Override
        public Optional<BacktestJobs.View> find(String id) {
            return Optional.empty();
        }

        @Override
        public List<BacktestJobs.View> list(int limit) {
            return List.of();
        }

        @Override
        public boolean requestCancel(String id) {
            return false;
        }

        @Override
        public boolean cancelRequested(String id) {
            return false;
        }

        @Override
        public void failOwnUnfinished(Instant startedAt) {
        }

        @Override
        public void failAbandoned(Instant seenBefore) {
        }

        @Override
        public int forgetFinishedBefore(Instant startedBefore) {
            return 0;
        }
    };
}
