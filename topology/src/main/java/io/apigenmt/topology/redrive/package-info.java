/**
 * {@code apigen redrive}: dead letters back to the stage that failed them, from the original
 * input record each one keeps, marked with a new redrive generation ({@code Redrives}) so the
 * ledger counts each task once, by its latest terminal record. A package of its own: it reads the
 * ledger and writes every stage's input topic, so it sits above both.
 */
package io.apigenmt.topology.redrive;
