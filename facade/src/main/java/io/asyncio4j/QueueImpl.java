package io.asyncio4j;

/** What the three public queues delegate to (not public API). */
interface QueueImpl<E> {
    Task<Void> put(E item);

    Task<E> get();

    void putNowait(E item);

    E getNowait();

    int qsize();

    int maxsize();

    void taskDone();

    Task<Void> join();

    void shutdown(boolean immediate);

    boolean isShutdown();

    default boolean empty() {
        return qsize() == 0;
    }

    default boolean full() {
        return maxsize() > 0 && qsize() >= maxsize();
    }
}
