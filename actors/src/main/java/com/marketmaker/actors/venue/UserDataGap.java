package com.marketmaker.actors.venue;

import com.marketmaker.core.instrument.Venue;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * Published on this node's event stream when the venue's user-data stream was interrupted:
 * executions may have been missed, so every instrument of the venue hosted here reconciles.
 */
public record UserDataGap(Venue venue, String reason)
    implements NoSerializationVerificationNeeded {}
