/** The shared duplex conformance suite applied to the teaching framing. */

import { testFramedConformance } from "./framed_conformance.ts";
import { framedDuplex } from "../../lib/wire/framed.ts";

testFramedConformance("teaching", (endpoint) => framedDuplex(endpoint));
