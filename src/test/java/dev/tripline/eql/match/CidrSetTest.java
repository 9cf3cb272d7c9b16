package dev.tripline.eql.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    @Test
    void matchesIpv4Blocks() {
        CidrSet set = CidrSet.compile(List.of("10.0.0.0/8", "192.168.1.0/24"));
        assertThat(set.contains("10.255.0.1")).isTrue();
        assertThat(set.contains("192.168.1.200")).isTrue();
        assertThat(set.contains("192.168.2.1")).isFalse();
        assertThat(set.contains("11.0.0.1")).isFalse();
    }

    @Test
    void matchesIpv6BlocksAndBareAddresses() {
        CidrSet set = CidrSet.compile(List.of("2001:db8::/32", "::1", "fe80::/10"));
        assertThat(set.contains("2001:db8:ffff::1")).isTrue();
        assertThat(set.contains("2001:DB8::")).isTrue();
        assertThat(set.contains("::1")).isTrue();
        assertThat(set.contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(set.contains("fe80::1ff:fe23:4567:890a")).isTrue();
        assertThat(set.contains("2001:db9::1")).isFalse();
        assertThat(set.contains("::2")).isFalse();
    }

    @Test
    void ipv4MappedIpv6AddressesAreInIpv4BlocksAndNoOtherIpv6AddressIs() {
        CidrSet all = CidrSet.compile(List.of("0.0.0.0/0"));
        assertThat(all.contains("::ffff:192.168.1.5")).isTrue();
        assertThat(all.contains("::ffff:c0a8:105")).isTrue();
        assertThat(all.contains("2001:db8::1")).isFalse();
        assertThat(all.contains("::1")).isFalse();
        assertThat(CidrSet.compile(List.of("::/0")).contains("8.8.8.8")).isTrue();
    }

    @Test
    void hostBitsOfABlockAreIgnored() {
        assertThat(CidrSet.compile(List.of("10.6.48.157/8")).contains("10.1.1.1")).isTrue();
    }

    @Test
    void prefixLengthsAtTheEdges() {
        assertThat(CidrSet.compile(List.of("1.2.3.4/32")).contains("1.2.3.4")).isTrue();
        assertThat(CidrSet.compile(List.of("1.2.3.4/32")).contains("1.2.3.5")).isFalse();
        assertThat(CidrSet.compile(List.of("2001:db8::1/128")).contains("2001:db8::1")).isTrue();
        assertThat(CidrSet.compile(List.of("2001:db8::/64")).contains("2001:db8::ffff:ffff:ffff:ffff")).isTrue();
        assertThat(CidrSet.compile(List.of("2001:db8::/65")).contains("2001:db8::ffff:ffff:ffff:ffff")).isFalse();
        assertThat(CidrSet.compile(List.of("255.255.255.255/32")).contains("255.255.255.255")).isTrue();
    }

    @Test
    void textThatIsNotAnAddressIsNeverInside() {
        CidrSet all = CidrSet.compile(List.of("0.0.0.0/0", "::/0"));
        for (String notAnAddress : List.of("", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "::1::2",
                "12345::", "1:2:3:4:5:6:7:8:9", ":1::", "1.2.3.4/8", "fe80::1%eth0", "1.2.3.-4")) {
            assertThat(all.contains(notAnAddress)).as(notAnAddress).isFalse();
        }
    }

    @Test
    void refusesInvalidBlocksByName() {
        assertThatThrownBy(() -> CidrSet.compile(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> CidrSet.compile(List.of("10.0.0/8"))).hasMessageContaining("not an IP");
        assertThatThrownBy(() -> CidrSet.compile(List.of("::/129"))).hasMessageContaining("128");
        assertThatThrownBy(() -> CidrSet.compile(List.of("10.0.0.0/"))).hasMessageContaining("prefix length");
    }
}
