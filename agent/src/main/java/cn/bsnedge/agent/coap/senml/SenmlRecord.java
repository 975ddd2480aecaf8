package cn.bsnedge.agent.coap.senml;

import java.util.Optional;

/**
 * One record of a pack after RFC 8428 §4.6 resolution: base name, time, unit, value and sum
 * applied, so it stands on its own.
 *
 * @param name  base name + name, checked against RFC 8428 §4.5.1's characters
 * @param unit  the record's unit or else the base unit; empty when neither is given
 * @param value the value (base value added to a numeric one); empty for a sum-only record
 * @param sum   base sum + sum; empty when the record has no sum
 * @param time  base time + time
 */
public record SenmlRecord(String name, Optional<String> unit, Optional<SenmlValue> value, Optional<SenmlNumber> sum,
                          SenmlTime time) {
}
