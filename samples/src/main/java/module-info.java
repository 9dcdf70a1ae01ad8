/** The seed tutorials' examples, written with asyncio4j; a named module, so only the public API is reachable. */
module io.asyncio4j.samples {
    requires io.asyncio4j;
    requires java.net.http;
    requires jdk.httpserver;
    requires java.sql;
    requires java.logging;

    exports io.asyncio4j.samples;
    exports io.asyncio4j.samples.seed000;
    exports io.asyncio4j.samples.seed001;
    exports io.asyncio4j.samples.seed002;
    exports io.asyncio4j.samples.seed003;
    exports io.asyncio4j.samples.seed004;
    exports io.asyncio4j.samples.readme;
    exports io.asyncio4j.samples.ctrlc;
}
