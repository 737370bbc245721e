#pragma once

// Synthetic events for the model tests: known times, levels, ids and channels.
#include "events/eventrecord.h"

#include <QList>

namespace EventTestData {

using namespace Qt::Literals::StringLiterals;

inline const QDateTime baseTime = QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);

// Event i: one second apart; level cycles Error, Warning, Information, Critical, Verbose;
// id 100 + i % 7; channel alternates between the AAD and the device registration channel.
inline Entra::Events::EventRecord event(int i)
{
    Entra::Events::EventRecord r;
    r.recordId = quint64(i + 1);
    r.eventId = quint32(100 + i % 7);
    static const quint8 levels[] = { 2, 3, 4, 1, 5 };
    r.level = levels[i % 5];
    r.timeCreated = baseTime.addSecs(i);
    r.channel = i % 2 ? u"Microsoft-Windows-AAD/Operational"_s
                      : u"Microsoft-Windows-User Device Registration/Admin"_s;
    r.provider
        = i % 2 ? u"Microsoft-Windows-AAD"_s : u"Microsoft-Windows-User Device Registration"_s;
    r.computer = u"PC-%1"_s.arg(i % 3);
    r.data
        = { { u"Index"_s, QString::number(i) }, { u"Note"_s, i == 42 ? u"needle"_s : u"hay"_s } };
    return r;
}

inline QList<Entra::Events::EventRecord> events(int from, int count)
{
    QList<Entra::Events::EventRecord> out;
    for (int i = from; i < from + count; ++i)
        out.append(event(i));
    return out;
}

} // namespace EventTestData
