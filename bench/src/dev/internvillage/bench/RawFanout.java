package dev.internvillage.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor to compare the app with, not part of it: the least a JVM can do for cases B and C on this
 * machine. Plain JDK NIO, no framework, no database, no queue: a GET becomes a subscriber, a POST's
 * body is turned into one {@code agent:failed} frame and written to every subscriber's socket from
 * one thread per core, straight from one shared buffer. A subscriber whose socket is full loses the
 * frame (fine for a floor; the app never drops). Usage: {@code RawFanout <port>}.
 */
public final class RawFanout {

    private static final Pattern TS = Pattern.compile("\"ts\":(\\d+)");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final byte[] STREAM_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Cache-Control: no-cache\r\nConnection: close\r\n\r\nretry: 1000\n\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    private static final int SHARDS = Runtime.getRuntime().availableProcessors();

    private final List<SocketChannel> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService shards = Executors.newFixedThreadPool(SHARDS);

    public static void main(String[] args) throws IOException {
        new RawFanout().serve(Integer.parseInt(args[0]));
    }

    private void serve(int port) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("raw fan-out on " + port + ", " + SHARDS + " writer threads");
        while (true) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.isAcceptable()) {
                    SocketChannel client = server.accept();
                    if (client != null) {
                        client.configureBlocking(false);
                        client.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(8192));
                    }
                } else if (key.isReadable()) {
                    read(key);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void read(SelectionKey key) {
        SocketChannel client = (SocketChannel) key.channel();
        ByteBuffer in = (ByteBuffer) key.attachment();
        try {
            if (client.read(in) < 0) {
                close(key, client);
                return;
            }
            String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return;
            }
            if (text.startsWith("GET ")) {
                in.clear();
                writeFully(client, ByteBuffer.wrap(STREAM_HEAD));
                subscribers.add(client);
                return;
            }
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
            int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
            if (in.position() < headEnd + 4 + bodyLength) {
                return;
            }
            String body = text.substring(headEnd + 4, headEnd + 4 + bodyLength);
            in.clear();
            writeFully(client, ByteBuffer.wrap(OK));
            publish(body);
        } catch (IOException e) {
            close(key, client);
        }
    }

    /** One frame, written to every subscriber by one thread per core; returns when all are written. */
    private void publish(String body) {
        Matcher ts = TS.matcher(body);
        Matcher seq = SEQ.matcher(body);
        String marker = (seq.find() ? "seq=" + seq.group(1) : "") + " ts=" + (ts.find() ? ts.group(1) : "0");
        byte[] frame = ("event: agent:failed\nid: 1\ndata: {\"error\":\"" + marker + "\"}\n\n")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer shared = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
        List<SocketChannel> all = subscribers;
        List<Future<?>> done = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            int mine = shard;
            done.add(shards.submit(() -> {
                for (int i = mine; i < all.size(); i += SHARDS) {
                    SocketChannel subscriber = all.get(i);
                    try {
                        subscriber.write(shared.duplicate());
                    } catch (IOException e) {
                        subscribers.remove(subscriber);
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void writeFully(SocketChannel client, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            client.write(bytes);
        }
    }

    private void close(SelectionKey key, SocketChannel client) {
        key.cancel();
        subscribers.remove(client);
        try {
            client.close();
        } catch (IOException e) {
            // gone
        }
    }
}
