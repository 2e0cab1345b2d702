package io.apigenmt.topology.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends one POST per pre-opened connection, all at once, and waits for every complete response
 * on one selector thread: a client that costs almost nothing, so a burst measures the server
 * and not the client (the JDK HttpClient alone needs ~2-3 ms of CPU per request).
 */
final class RawHttpBurst implements AutoCloseable {

    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();

    RawHttpBurst(int port, int connections) throws IOException {
        selector = Selector.open();
        for (int i = 0; i < connections; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            channels.add(channel);
        }
    }

    /** Sends bodies[i] on connection i; returns the status codes once every response is complete. */
    List<Integer> post(String path, List<String> bodies) throws IOException {
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            byte[] body = bodies.get(i).getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
            out.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
            Response r = new Response(out);
            responses.add(r);
            channels.get(i).register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, r);
        }
        int open = channels.size();
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        while (open > 0) {
            selector.select(1000);
            for (SelectionKey key : selector.selectedKeys()) {
                Response r = (Response) key.attachment();
                SocketChannel channel = (SocketChannel) key.channel();
                if (key.isValid() && key.isWritable()) {
                    channel.write(r.request);
                    if (!r.request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    in.clear();
                    int n = channel.read(in);
                    if (n > 0) {
                        r.received.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
                    }
                    if (r.complete() || n < 0) {
                        key.cancel();
                        open--;
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        selector.selectNow(); // flush cancelled keys so the channels can be registered again
        List<Integer> statuses = new ArrayList<>();
        for (Response r : responses) {
            statuses.add(r.status());
        }
        return statuses;
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel c : channels) {
            c.close();
        }
        selector.close();
    }

    private static final class Response {
        final ByteBuffer request;
        final StringBuilder received = new StringBuilder();

        Response(ByteBuffer request) {
            this.request = request;
        }

        boolean complete() {
            int end = received.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            String head = received.substring(0, end).toLowerCase(Locale.ROOT);
            int at = head.indexOf("content-length:");
            if (at < 0) {
                return false;
            }
            int eol = head.indexOf("\r\n", at);
            int length = Integer.parseInt(head.substring(at + 15, eol < 0 ? head.length() : eol).strip());
            return received.length() - end - 4 >= length;
        }

        int status() {
            return received.length() >= 12 ? Integer.parseInt(received.substring(9, 12)) : -1;
        }
    }
}
