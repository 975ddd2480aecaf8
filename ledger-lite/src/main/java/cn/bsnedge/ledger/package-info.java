/** ledger-lite: the verifiable core shared by gateway and city. Pure: no network, no hardware. */
package cn.bsnedge.ledger;
