#include "eventlevelstyle.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra::Models {

QColor eventLevelColor(Events::EventHistogram::LevelClass levelClass)
{
    using H = Events::EventHistogram;
    switch (levelClass) {
    case H::Critical:
        return QColor(0x8b, 0x00, 0x1a);
    case H::Error:
        return QColor(0xd9, 0x30, 0x25);
    case H::Warning:
        return QColor(0xe8, 0xa3, 0x17);
    case H::Information:
        return QColor(0x3b, 0x7d, 0xd8);
    case H::Verbose:
    case H::LevelClassCount:
        break;
    }
    return QColor(0x9a, 0xa0, 0xa6);
}

QColor eventLevelColor(quint8 level)
{
    return eventLevelColor(Events::EventHistogram::levelClass(level));
}

QString eventLevelClassName(Events::EventHistogram::LevelClass levelClass)
{
    using H = Events::EventHistogram;
    switch (levelClass) {
    case H::Critical:
        return u"Critical"_s;
    case H::Error:
        return u"Error"_s;
    case H::Warning:
        return u"Warning"_s;
    case H::Information:
        return u"Information"_s;
    case H::Verbose:
    case H::LevelClassCount:
        break;
    }
    return u"Verbose"_s;
}

} // namespace Entra::Models
