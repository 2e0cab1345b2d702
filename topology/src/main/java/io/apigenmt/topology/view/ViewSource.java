package io.apigenmt.topology.view;

/** Where the viewer's data comes from: a run's output folder or a live cluster. */
public interface ViewSource extends AutoCloseable {

    /** The data as of now (a live source reads what was committed since the last call). */
    ViewData snapshot();

    @Override
    default void close() {}
}
