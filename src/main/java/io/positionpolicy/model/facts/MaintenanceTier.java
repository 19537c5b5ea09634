package io.positionpolicy.model.facts;

/** One row of the exchange's maintenance-margin table: applies from {@code notionalFloor} upwards. */
public record MaintenanceTier(double notionalFloor, double rate, double amount) {
}
