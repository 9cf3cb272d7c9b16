package dev.tripline.bench;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The in-run peer: Esper 9 running the seed rule as idiomatic EPL (each stage a filter that inserts into its own
 * stream, a pattern joining the three streams on the key within one second), over the same pre-decoded events. Esper
 * reads fields through bean getters that resolve the same field paths on the same Jackson trees as our engine does,
 * so both pay the same price for reaching the data.
 */
final class EsperPeer {

    private static final AtomicLong RUNTIMES = new AtomicLong();

    private static final String SUSPICIOUS = "(executable like './%' or executable like '/tmp/%'"
            + " or executable like '/var/tmp/%' or executable like '/var/www/%' or executable like '/dev/shm/%'"
            + " or executable like '/etc/init.d/%' or executable like '/etc/rc%.d/%' or executable = '/etc/crontab'"
            + " or executable like '/etc/cron.%' or executable like '/etc/update-motd.d/%'"
            + " or executable like '/usr/lib/update-notifier/%' or executable like '/boot/%' or executable like '/srv/%'"
            + " or executable like '/run/%' or executable like '/root/%' or executable = '/etc/rc.local')";
    private static final String SHELLS = "('bash', 'dash', 'sh', 'tcsh', 'csh', 'zsh', 'ksh', 'fish')";

    static final String EPL = ""
            + "insert into Stage1 select hostId, entityId from Ecs('process' in (categories) and osType = 'linux'"
            + " and 'start' in (types) and action = 'exec' and " + SUSPICIOUS.replace("executable", "executableLower")
            + " and parentNameLower in " + SHELLS + " and nameLower is not null and nameLower not in"
            + " ('curl', 'wget', 'ping', 'apt', 'dpkg', 'yum', 'rpm', 'dnf', 'dockerd'));\n"
            + "insert into Stage2 select hostId, entityId from Ecs('network' in (categories) and osType = 'linux'"
            + " and 'start' in (types) and action in ('connection_attempted', 'connection_accepted') and "
            + SUSPICIOUS.replace("executable", "executableLower") + " and destinationIp is not null"
            + " and destinationIp != '127.0.0.1' and destinationIp != '::1');\n"
            + "insert into Stage3 select hostId, entityId from Ecs('process' in (categories) and osType = 'linux'"
            + " and 'start' in (types) and action = 'exec' and nameLower in " + SHELLS
            + " and parentNameLower in " + SHELLS + ");\n"
            + "@name('alerts') select s1.hostId as hostId from pattern [every s1=Stage1 -> "
            + "(s2=Stage2(hostId = s1.hostId, entityId = s1.entityId) -> "
            + "s3=Stage3(hostId = s1.hostId, entityId = s1.entityId)) where timer:within(1 sec)];\n";

    private final EPRuntime runtime;
    private final EPEventService events;
    private final AtomicInteger alerts = new AtomicInteger();
    private long now = Long.MIN_VALUE;

    EsperPeer() {
        Configuration config = new Configuration();
        config.getCommon().addEventType("Ecs", EcsBean.class);
        config.getRuntime().getThreading().setInternalTimerEnabled(false);
        try {
            EPCompiled compiled = EPCompilerProvider.getCompiler().compile(EPL, new CompilerArguments(config));
            runtime = EPRuntimeProvider.getRuntime("tripline-peer-" + RUNTIMES.incrementAndGet(), config);
            runtime.getEventService().advanceTime(0);
            EPDeployment deployment = runtime.getDeploymentService().deploy(compiled);
            runtime.getDeploymentService().getStatement(deployment.getDeploymentId(), "alerts")
                    .addListener((newEvents, oldEvents, statement, rt) -> alerts.addAndGet(newEvents.length));
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the Esper peer", e);
        }
        events = runtime.getEventService();
    }

    int run(List<Event> all) {
        for (Event event : all) {
            long millis = event.timestampNanos() / 1_000_000L;
            if (millis != now) {
                events.advanceTime(millis);
                now = millis;
            }
            events.sendEventBean(new EcsBean(event), "Ecs");
        }
        return alerts.get();
    }

    void destroy() {
        runtime.destroy();
    }

    /** A view of one event for Esper: every getter resolves its field path on the event's tree, as our engine does. */
    public static final class EcsBean {
        private static final FieldPath CATEGORY = FieldPath.of("event.category");
        private static final FieldPath TYPE = FieldPath.of("event.type");
        private static final FieldPath ACTION = FieldPath.of("event.action");
        private static final FieldPath OS_TYPE = FieldPath.of("host.os.type");
        private static final FieldPath HOST_ID = FieldPath.of("host.id");
        private static final FieldPath ENTITY_ID = FieldPath.of("process.entity_id");
        private static final FieldPath EXECUTABLE = FieldPath.of("process.executable");
        private static final FieldPath NAME = FieldPath.of("process.name");
        private static final FieldPath PARENT_NAME = FieldPath.of("process.parent.name");
        private static final FieldPath DESTINATION_IP = FieldPath.of("destination.ip");

        private final Event event;

        EcsBean(Event event) {
            this.event = event;
        }

        private String text(FieldPath path) {
            JsonNode node = event.get(path);
            return node != null && node.isString() ? node.stringValue() : null;
        }

        private String[] texts(FieldPath path) {
            JsonNode node = event.get(path);
            if (node == null) {
                return new String[0];
            }
            if (!node.isArray()) {
                return new String[] {node.asString()};
            }
            String[] values = new String[node.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = node.get(i).asString();
            }
            return values;
        }

        private String lower(FieldPath path) {
            String value = text(path);
            return value == null ? null : value.toLowerCase();
        }

        public String[] getCategories() {
            return texts(CATEGORY);
        }

        public String[] getTypes() {
            return texts(TYPE);
        }

        public String getAction() {
            return text(ACTION);
        }

        public String getOsType() {
            return text(OS_TYPE);
        }

        public String getHostId() {
            return text(HOST_ID);
        }

        public String getEntityId() {
            return text(ENTITY_ID);
        }

        public String getExecutableLower() {
            return lower(EXECUTABLE);
        }

        public String getNameLower() {
            return lower(NAME);
        }

        public String getParentNameLower() {
            return lower(PARENT_NAME);
        }

        public String getDestinationIp() {
            return text(DESTINATION_IP);
        }
    }
}
