package dev.tripline.eql;

import dev.tripline.event.Event;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Elastic's "Potential Reverse Shell via Suspicious Binary" query (the product's built-in rule) and Elastic
 * Defend-shaped events for it, written for the tests and the benchmark: a benign exec, the three stage events, a
 * near miss from /tmp with a systemd parent, and a benign network event.
 */
public final class SeedRule {

    public static final String QUERY = """
            sequence by host.id, process.entity_id with maxspan=1s
            [ process where host.os.type == "linux" and event.type == "start" and event.action == "exec" and
             process.executable : (
             "./*", "/tmp/*", "/var/tmp/*", "/var/www/*", "/dev/shm/*", "/etc/init.d/*", "/etc/rc*.d/*",
             "/etc/crontab", "/etc/cron.*", "/etc/update-motd.d/*", "/usr/lib/update-notifier/*",
             "/boot/*", "/srv/*", "/run/*", "/root/*", "/etc/rc.local"
             ) and
             process.parent.name : ("bash", "dash", "sh", "tcsh", "csh", "zsh", "ksh", "fish") and not
             process.name : ("curl", "wget", "ping", "apt", "dpkg", "yum", "rpm", "dnf", "dockerd") ]
            [ network where host.os.type == "linux" and event.type == "start" and event.action in ("connection_attempted", "connection_accepted") and
             process.executable : (
             "./*", "/tmp/*", "/var/tmp/*", "/var/www/*", "/dev/shm/*", "/etc/init.d/*", "/etc/rc*.d/*",
             "/etc/crontab", "/etc/cron.*", "/etc/update-motd.d/*", "/usr/lib/update-notifier/*",
             "/boot/*", "/srv/*", "/run/*", "/root/*", "/etc/rc.local"
             ) and destination.ip != null and destination.ip != "127.0.0.1" and destination.ip != "::1" ]
            [ process where host.os.type == "linux" and event.type == "start" and event.action == "exec" and
             process.name : ("bash", "dash", "sh", "tcsh", "csh", "zsh", "ksh", "fish") and
             process.parent.name : ("bash", "dash", "sh", "tcsh", "csh", "zsh", "ksh", "fish") ]
            """;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final String HOST = "\"host\":{\"architecture\":\"x86_64\",\"hostname\":\"web-01423\","
            + "\"id\":\"8904b53cb68fef9d341d8a402ac99b11\",\"ip\":[\"10.0.37.135\"],\"name\":\"web-01423\","
            + "\"os\":{\"Ext\":{\"variant\":\"Ubuntu\"},\"family\":\"ubuntu\",\"full\":\"Ubuntu 22.04.4\","
            + "\"kernel\":\"5.15.0-105-generic\",\"name\":\"Linux\",\"platform\":\"ubuntu\",\"type\":\"linux\","
            + "\"version\":\"22.04.4\"}}";
    private static final String AGENT = "\"agent\":{\"id\":\"3c4866ab-0bfe-8e9f-dde3-3fc90cc24635\","
            + "\"type\":\"endpoint\",\"version\":\"8.15.2\"},\"ecs\":{\"version\":\"8.11.0\"},"
            + "\"user\":{\"id\":\"1000\",\"name\":\"ubuntu\"}";

    private SeedRule() {
    }

    /** A benign process exec: the commonest event, and a miss for every stage. */
    public static Event benignExec() {
        return process("e-benign", "/usr/lib/systemd/systemd-journald", "systemd-journald", "systemd",
                "/usr/bin/systemd");
    }

    /** Exec from /tmp whose parent is systemd: passes the path test of stage 1, fails on the parent. */
    public static Event nearMissExec() {
        return process("e-near", "/tmp/update", "update", "systemd", "/usr/bin/systemd");
    }

    public static Event stage1() {
        return process("e-stage1", "/tmp/.x/payload", "payload", "bash", "/usr/bin/bash");
    }

    /** A shell whose parent is a shell. */
    public static Event stage3() {
        return process("e-stage3", "/usr/bin/sh", "sh", "bash", "/usr/bin/bash");
    }

    public static Event stage2() {
        return network("e-stage2", "/tmp/.x/payload", "payload", "connection_attempted", "198.51.100.7");
    }

    public static Event benignNetwork() {
        return network("e-net", "/usr/sbin/sshd", "sshd", "connection_accepted", "10.0.208.177");
    }

    private static Event process(String id, String executable, String name, String parentName,
            String parentExecutable) {
        String json = "{\"@timestamp\":\"2025-01-15T10:00:00.000Z\"," + AGENT + ","
                + "\"data_stream\":{\"dataset\":\"endpoint.events.process\",\"namespace\":\"default\","
                + "\"type\":\"logs\"},"
                + "\"event\":{\"action\":\"exec\",\"agent_id_status\":\"verified\",\"category\":[\"process\"],"
                + "\"created\":\"2025-01-15T10:00:00.000Z\",\"dataset\":\"endpoint.events.process\",\"id\":\"" + id
                + "\",\"kind\":\"event\",\"module\":\"endpoint\",\"outcome\":\"unknown\",\"sequence\":3,"
                + "\"type\":[\"start\"]}," + HOST + ",\"message\":\"Endpoint process event\","
                + "\"process\":{\"args\":[\"" + executable + "\",\"-c\"],\"args_count\":2,\"command_line\":\""
                + executable + " -c\",\"entity_id\":\"gNjPOkBr0mQLBk06UJpbesUc9scPXQorEdqU1isi==\","
                + "\"executable\":\"" + executable + "\",\"hash\":{\"sha256\":"
                + "\"27223a8c6ae0b8c9582f67f5fad22cc55e49a471226767ef1179ecd0dcd2cbc8\"},\"name\":\"" + name + "\","
                + "\"parent\":{\"args\":[\"" + parentName + "\"],\"args_count\":1,\"command_line\":\"" + parentName
                + "\",\"entity_id\":\"z8uAW6VsUDSCZEos4dxh563Xx4rMBqGNVTiYyk8i==\",\"executable\":\""
                + parentExecutable + "\",\"name\":\"" + parentName + "\",\"pid\":11994},\"pid\":26928,"
                + "\"start\":\"2025-01-15T10:00:00.000Z\",\"working_directory\":\"/home/ubuntu\"}}";
        return Event.from(JSON.readTree(json));
    }

    private static Event network(String id, String executable, String name, String action, String destination) {
        String json = "{\"@timestamp\":\"2025-01-15T10:00:00.100Z\"," + AGENT + ","
                + "\"data_stream\":{\"dataset\":\"endpoint.events.network\",\"namespace\":\"default\","
                + "\"type\":\"logs\"},"
                + "\"event\":{\"action\":\"" + action + "\",\"agent_id_status\":\"verified\","
                + "\"category\":[\"network\"],\"created\":\"2025-01-15T10:00:00.100Z\","
                + "\"dataset\":\"endpoint.events.network\",\"id\":\"" + id + "\",\"kind\":\"event\","
                + "\"module\":\"endpoint\",\"outcome\":\"unknown\",\"sequence\":4,\"type\":[\"start\"]}," + HOST
                + ",\"destination\":{\"address\":\"" + destination + "\",\"ip\":\"" + destination
                + "\",\"port\":443},\"message\":\"Endpoint network event\",\"network\":{\"direction\":\"egress\","
                + "\"transport\":\"tcp\",\"type\":\"ipv4\"},\"process\":{\"entity_id\":"
                + "\"gNjPOkBr0mQLBk06UJpbesUc9scPXQorEdqU1isi==\",\"executable\":\"" + executable + "\",\"name\":\""
                + name + "\",\"pid\":26928},\"source\":{\"address\":\"10.0.37.135\",\"ip\":\"10.0.37.135\","
                + "\"port\":45989}}";
        return Event.from(JSON.readTree(json));
    }
}
