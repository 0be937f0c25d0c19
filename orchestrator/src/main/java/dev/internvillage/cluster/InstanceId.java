package dev.internvillage.cluster;

import java.util.UUID;

/**
 * This running instance of the app, unique among every instance that ever used the database: a
 * restart is a new instance, so what a dead one held is never mistaken for the new one's.
 */
public record InstanceId(String value) {

    public InstanceId {
        if (value.isBlank() || value.length() > 100) {
            throw new IllegalArgumentException("an instance id has 1 to 100 characters");
        }
    }

    /** A new id naming the host and process, so logs and rows say which machine held what. */
    static InstanceId generate() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String id = host + "-" + ProcessHandle.current().pid() + "-" + suffix;
        return new InstanceId(id.length() > 100 ? id.substring(id.length() - 100) : id);
    }

    @Override
    public String toString() {
        return value;
    }
}
