/**
 * Gateway registration (FORMAT.md §10): the request a gateway signs at first boot so the city
 * can add its key to the trusted set, and its verification.
 */
package cn.bsnedge.ledger.gateway;
