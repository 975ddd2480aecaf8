package cn.bsnedge.drivers.pms5003;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SenmlUnits;

import java.math.BigDecimal;
import java.util.List;

/**
 * One decoded PMS5003 frame (Plantower PMS5003 manual V2.3, appendix I). Mass concentrations
 * are µg/m³ under "atmospheric environment" (data 4–6), the ones to report outdoors; the
 * "standard particle" (CF=1, data 1–3) values are kept for calibration work.
 */
public record Pms5003Frame(int pm1Cf1, int pm25Cf1, int pm10Cf1, int pm1, int pm25, int pm10,
                           int over0_3, int over0_5, int over1_0, int over2_5, int over5_0, int over10) {

    /** PM1, PM2.5 and PM10 (atmospheric), in ug/m3, whole µg as the sensor reports them. */
    public List<Measurement> measurements() {
        return List.of(
                new Measurement("pm1", SenmlUnits.MICROGRAM_PER_CUBIC_METRE, BigDecimal.valueOf(pm1)),
                new Measurement("pm2.5", SenmlUnits.MICROGRAM_PER_CUBIC_METRE, BigDecimal.valueOf(pm25)),
                new Measurement("pm10", SenmlUnits.MICROGRAM_PER_CUBIC_METRE, BigDecimal.valueOf(pm10)));
    }
}
