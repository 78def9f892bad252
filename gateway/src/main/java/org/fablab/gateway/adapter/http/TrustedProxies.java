package org.fablab.gateway.adapter.http;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The balancers whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} the gateway believes ({@code
 * http.trustedProxies}), and the rule that names a request's client from them. A header is only read when the TCP
 * peer is one of them: anyone else could write any address in it. Behind trusted proxies the client is the
 * rightmost address of {@code X-Forwarded-For} that is not itself a trusted proxy, because each proxy appends the
 * address it was connected from, so the addresses left of the first untrusted one were written by the client and
 * prove nothing. Addresses only, never names: nothing here looks anything up.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @param entries addresses ({@code 10.0.0.2}, {@code ::1}) and CIDR ranges ({@code 10.0.0.0/24}, {@code fd00::/8})
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            ranges.add(Range.parse(entry == null ? "" : entry.trim()));
        }
        return new TrustedProxies(ranges);
    }

    /** Whether {@code address} (a literal, as a TCP peer's) is one of the trusted proxies. */
    public boolean trusts(String address) {
        return bytes(address).filter(bytes -> ranges.stream().anyMatch(range -> range.contains(bytes))).isPresent();
    }

    /**
     * The client's address, in a canonical form (IPv6 compressed, IPv4-mapped IPv6 as IPv4), so that one client
     * counts as one whatever its spelling.
     *
     * @param peer         the TCP peer's address
     * @param forwardedFor the {@code X-Forwarded-For} header lines, in the order received; a later line continues the
     *                     list of an earlier one
     */
    public String client(String peer, List<String> forwardedFor) {
        String client = canonical(peer);
        if (!trusts(peer)) {
            return client;
        }
        List<String> hops = new ArrayList<>();
        forwardedFor.forEach(line -> hops.addAll(Arrays.asList(line.split(",", -1))));
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<String> hop = literal(hops.get(i).trim());
            if (hop.isEmpty()) {
                // what a trusted proxy passed on does not parse: the last trusted hop is all that is known
                return client;
            }
            client = canonical(hop.get());
            if (!trusts(hop.get())) {
                return client;
            }
        }
        return client;
    }

    /**
     * Whether the request reached the first trusted proxy over HTTPS: on a TLS connection, or when a trusted peer says
     * so in the last value of {@code X-Forwarded-Proto}.
     */
    public boolean https(String peer, boolean tls, String forwardedProto) {
        if (tls) {
            return true;
        }
        if (forwardedProto == null || !trusts(peer)) {
            return false;
        }
        String[] values = forwardedProto.split(",", -1);
        return "https".equalsIgnoreCase(values[values.length - 1].trim());
    }

    /** An address as written in {@code X-Forwarded-For}: bare, bracketed IPv6, or either with a port. */
    private static Optional<String> literal(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 || !(end == hop.length() - 1 || hop.substring(end + 1).matches(":\\d{1,5}"))
                    ? Optional.empty() : Optional.of(hop.substring(1, end)).filter(h -> bytes(h).isPresent());
        }
        if (hop.indexOf(':') == hop.lastIndexOf(':') && hop.matches(".+:\\d{1,5}")) {
            hop = hop.substring(0, hop.indexOf(':'));
        }
        return Optional.of(hop).filter(h -> bytes(h).isPresent());
    }

    private static String canonical(String address) {
        return bytes(address).map(NetUtil::bytesToIpAddress).orElse(address);
    }

    /** The address's bytes, 4 for IPv4 (an IPv4-mapped IPv6 address included), 16 for IPv6; empty for a non-literal. */
    private static Optional<byte[]> bytes(String address) {
        if (address == null || address.isEmpty() || address.contains("%")) {
            return Optional.empty();
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return Optional.empty();
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            return Optional.of(Arrays.copyOfRange(bytes, 12, 16));
        }
        return Optional.of(bytes);
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** An address and how many of its leading bits a match shares. */
    private record Range(byte[] network, int prefix) {
        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] network = bytes(address).orElseThrow(() -> new IllegalArgumentException("'" + entry
                    + "' is not an IP address or a CIDR range such as 10.0.0.0/24 or fd00::/8"));
            int bits = network.length * 8;
            if (slash < 0) {
                return new Range(network, bits);
            }
            String prefix = entry.substring(slash + 1);
            int length = prefix.matches("\\d{1,3}") ? Integer.parseInt(prefix) : -1;
            if (length < 0 || length > bits) {
                throw new IllegalArgumentException("'" + entry + "': the prefix length must be 0 to " + bits);
            }
            return new Range(network, length);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
