/**
 * The wires: one narrow interface per bus, which is all a driver sees. Adapters onto Pi4J live in
 * {@code io.pi4j}; tests substitute a register array, a byte script or a temp directory.
 * Every method throws {@link java.io.IOException} for a failed transfer; drivers turn that into a
 * {@link cn.bsnedge.drivers.BusException} naming the device.
 */
package cn.bsnedge.drivers.io;
