/**
 * The MQTT 5 payloads and topics of docs/PROTOCOL.md, as byte-exact codecs without any MQTT
 * client: {@link cn.bsnedge.ledger.protocol.Messages} encodes and strictly decodes every {@link
 * cn.bsnedge.ledger.protocol.MessageKind} (failures are typed {@link
 * cn.bsnedge.ledger.protocol.MessageException}s), {@link cn.bsnedge.ledger.protocol.Topics} names
 * the topics of a city, and the gateway's other messages are values here: {@link
 * cn.bsnedge.ledger.protocol.GatewayBirth}, {@link cn.bsnedge.ledger.protocol.GatewayDeath},
 * {@link cn.bsnedge.ledger.protocol.BlockBatch}, {@link cn.bsnedge.ledger.protocol.ResendRequest}.
 */
package cn.bsnedge.ledger.protocol;
