package io.positionpolicy.model.facts;

/** A fact a rule inserts as its outcome; its message becomes the firing's explanation. */
public interface Explained {
    String message();
}
