package io.positionpolicy.model.facts;

/** An explanation from a rule whose outcome is a change to a working fact rather than a new finding. */
public record Note(String message) implements Explained {
}
