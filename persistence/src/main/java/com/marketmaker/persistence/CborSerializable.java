package com.marketmaker.persistence;

/**
 * Marker for every message, event and snapshot that crosses the network or reaches the journal. It
 * is bound to Pekko's {@code jackson-cbor} serializer in this module's {@code reference.conf}.
 */
public interface CborSerializable {}
