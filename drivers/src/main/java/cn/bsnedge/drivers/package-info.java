/** Sensor drivers behind narrow IO interfaces. */
package cn.bsnedge.drivers;
