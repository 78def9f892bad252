package org.fablab.gateway.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/** A certification is {@code ACTIVE} until a fabmanager revokes it; expiry is computed, not stored here. */
public enum CertificationStatus implements WireNames.Named {
    ACTIVE,
    REVOKED;

    @JsonCreator
    public static CertificationStatus fromWire(String wire) {
        return WireNames.parse(CertificationStatus.class, "certification.status", wire);
    }
}
