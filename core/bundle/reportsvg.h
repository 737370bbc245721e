#pragma once

#include "diagnostics/finding.h"
#include "events/eventhistogram.h"
#include "state/healthsummary.h"

#include <QString>

// The colours and inline SVG graphics of report.html: no image files, nothing external.
namespace Entra::Bundle::ReportSvg {

QString healthColour(Health health); // "#2e7d32", the GUI's HealthCard colours
QString outcomeColour(CheckOutcome outcome); // the GUI's FindingsModel colours
QString levelColour(Events::EventHistogram::LevelClass level);
QString levelClassName(Events::EventHistogram::LevelClass level); // "Error", "Information"

// A round badge with a check mark, an exclamation mark, a cross or a question mark.
QString statusIcon(Health health, int size);

// Stacked bars per time bucket and level with UTC time labels and a tooltip per bar; empty for
// an empty histogram.
QString histogram(const Events::EventHistogram &histogram);

} // namespace Entra::Bundle::ReportSvg
