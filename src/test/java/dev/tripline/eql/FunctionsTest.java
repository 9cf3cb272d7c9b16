package dev.tripline.eql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.event.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each function's documented results, as equalities that must hold. Written with constants they are folded at
 * compile time; the same equalities with the constants moved into an event's fields go through evaluation, and
 * must agree.
 */
class FunctionsTest {

    private static final Event VALUES = Event.of((ObjectNode) JsonMapper.builder().build().readTree("""
            {"path": "C:\\\\Windows\\\\System32\\\\cmd.exe", "exe": "regsvr32.exe", "cmd": "start regsvr32.exe",
             "ip": "192.168.152.12", "four": 4, "half": 0.5, "ten": 10, "hex": "deadbeef", "empty": "",
             "nothing": null}
            """), 0);

    @ParameterizedTest
    @ValueSource(strings = {
        "add(4, 5) == 9", "add(4, 0.5) == 4.5", "add(-2, -2) == -4", "add(null, 4) == null",
        "subtract(10, 2) == 8", "subtract(10.5, 0.5) == 10.0", "subtract(4, null) == null",
        "multiply(2, 2) == 4", "multiply(0.5, 2) == 1.0", "multiply(null, 2) == null",
        "divide(4, 2) == 2", "divide(4, 3) == 1", "divide(-5, 2) == -2", "divide(4, 0.5) == 8.0",
        "divide(4, 0) == null", "divide(null, 4) == null",
        "modulo(10, 6) == 4", "modulo(10, 5) == 0", "modulo(10, -6) == 4", "modulo(-10, 6) == -4",
        "modulo(10, 0) == null",
        "between(\"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"System32\\\\\", \".exe\") == \"cmd\"",
        "between(\"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"system32\\\\\", \".exe\") == \"\"",
        "between~(\"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"system32\\\\\", \".exe\") == \"cmd\"",
        "between(\"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"workspace\\\\\", \".exe\") == \"\"",
        "between(\"a.b.c.d\", \".\", \".\", true) == \"b.c\"", "between(\"a.b.c.d\", \".\", \".\") == \"b\"",
        "between(null, \"a\", \"b\") == null",
        "cidrMatch(\"192.168.152.12\", \"192.168.0.0/16\")",
        "cidrMatch(\"192.168.152.12\", \"10.0.0.0/8\", \"192.168.0.0/16\")",
        "not cidrMatch(\"192.168.152.12\", \"10.6.48.157/8\")", "cidrMatch(null, \"10.0.0.0/8\") == null",
        "concat(\"process is \", \"regsvr32.exe\") == \"process is regsvr32.exe\"",
        "concat(\"process is \", 2.0) == \"process is 2.0\"", "concat(\"a\", 1, true) == \"a1true\"",
        "concat(\"a\", null) == null",
        "endsWith(\"regsvr32.exe\", \".exe\")", "not endsWith(\"regsvr32.exe\", \".EXE\")",
        "endsWith~(\"regsvr32.exe\", \".EXE\")", "endsWith(null, \"a\") == null",
        "indexOf(\"\", \"\") == 0", "indexOf(\"regsvr32.exe\", \"\") == 0", "indexOf(\"regsvr32.exe\", \"32\") == 6",
        "indexOf(\"regsvr32.exe\", \"32\", 6) == 6", "indexOf(\"regsvr32.exe\", \"32\", 7) == null",
        "indexOf(\"regsvr32.exe\", \"2\", 1) == 7", "indexOf~(\"regsvr32.exe\", \"EXE\") == 9",
        "indexOf(\"regsvr32.exe\", \"EXE\") == null", "indexOf(\"abc\", \"c\", 99) == null",
        "indexOf(null, \"a\") == null",
        "length(\"explorer.exe\") == 12", "length(\"\") == 0", "length(null) == null",
        "number(\"1337\") == 1337", "number(\"42.5\") == 42.5", "number(\"-7\") == -7",
        "number(\"deadbeef\", 16) == 3735928559", "number(\"0x1337\", 16) == 4919", "number(\"z\", 36) == 35",
        "number(\"twelve\") == null", "number(\"1e3\") == 1000.0", "number(null) == null",
        "startsWith(\"regsvr32.exe\", \"regsvr32\")", "not startsWith(\"regsvr32.exe\", \"Regsvr32\")",
        "startsWith~(\"regsvr32.exe\", \"Regsvr32\")", "startsWith(null, \"a\") == null",
        "string(42) == \"42\"", "string(42.5) == \"42.5\"", "string(true) == \"true\"",
        "string(\"regsvr32.exe\") == \"regsvr32.exe\"", "string(null) == null",
        "stringContains(\"regsvr32.exe\", \"svr\")", "not stringContains(\"regsvr32.exe\", \"SVR\")",
        "stringContains~(\"regsvr32.exe\", \"SVR\")", "stringContains(null, \"a\") == null",
        "substring(\"start regsvr32.exe\", 6) == \"regsvr32.exe\"",
        "substring(\"start regsvr32.exe\", 0, 5) == \"start\"",
        "substring(\"start regsvr32.exe\", 6, 14) == \"regsvr32\"",
        "substring(\"start regsvr32.exe\", -4) == \".exe\"",
        "substring(\"start regsvr32.exe\", -4, -1) == \".ex\"", "substring(\"abc\", 5) == \"\"",
        "substring(\"abc\", 2, 1) == \"\"", "substring(null, 1) == null",
    })
    void documentedResultHoldsWhenFoldedAtCompileTime(String equality) {
        CompiledQuery query = Eql.compile("any where " + equality, CompileOptions.DEFAULTS);
        assertThat(query.stages().get(0).condition()).as(equality).isSameAs(EventPredicate.ALWAYS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "between(path, \"System32\\\\\", \".exe\") == \"cmd\"",
        "between~(path, \"system32\\\\\", \".EXE\") == \"cmd\"",
        "cidrMatch(ip, \"192.168.0.0/16\")", "concat(\"process is \", exe) == \"process is regsvr32.exe\"",
        "endsWith~(exe, \".EXE\")", "indexOf(exe, \"32\", 6) == 6", "indexOf(exe, \"32\", 7) == null",
        "length(exe) == 12", "length(empty) == 0", "length(nothing) == null",
        "number(hex, 16) == 3735928559", "startsWith~(exe, \"Regsvr32\")", "string(four) == \"4\"",
        "stringContains~(exe, \"SVR\")", "substring(cmd, -4, -1) == \".ex\"", "add(four, half) == 4.5",
        "subtract(ten, four) == 6", "multiply(four, half) == 2.0", "divide(ten, four) == 2",
        "modulo(ten, four) == 2", "divide(ten, 0) == null", "add(nothing, 1) == null", "four + 1 == 5",
        "-four == -4", "ten % 3 == 1", "ten / 4.0 == 2.5",
    })
    void documentedResultHoldsWhenEvaluatedOnAnEvent(String equality) {
        CompiledQuery query = Eql.compile("any where " + equality, CompileOptions.DEFAULTS);
        assertThat(query.stages().get(0).condition()).as("not folded: %s", equality)
                .isNotSameAs(EventPredicate.ALWAYS);
        assertThat(query.stages().get(0).condition().test(VALUES)).as(equality).isTrue();
        CompiledQuery negated = Eql.compile("any where not (" + equality + ")", CompileOptions.DEFAULTS);
        assertThat(negated.stages().get(0).condition().test(VALUES)).as("not (%s)", equality).isFalse();
    }
}
