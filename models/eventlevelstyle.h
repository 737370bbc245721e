#pragma once

#include "events/eventhistogram.h"

#include <QColor>

namespace Entra::Models {

// One colour per event level class, shared by the table's level column and the timeline.
QColor eventLevelColor(Events::EventHistogram::LevelClass levelClass);
QColor eventLevelColor(quint8 level);
QString eventLevelClassName(Events::EventHistogram::LevelClass levelClass);

} // namespace Entra::Models
