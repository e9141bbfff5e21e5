package org.surgecare.core.common;

/**
 * Marks commands, replies, events and state that cross the network or go to the journal; bound to Jackson JSON
 * in reference.conf so that journal rows stay readable and evolvable.
 */
public interface JsonSerializable {}
