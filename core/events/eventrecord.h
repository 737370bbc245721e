#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace Entra::Events {

// The standard levels of the Windows event schema (System/Level). Other values (6..255) are
// provider-defined and are kept as they are.
enum class EventLevel : quint8 {
    LogAlways = 0, // shown as "Information" by Event Viewer
    Critical = 1,
    Error = 2,
    Warning = 3,
    Information = 4,
    Verbose = 5,
};

// "Critical", "Error", "Warning", "Information", "Verbose"; 0 gives "Information" like Event
// Viewer does; other values give "Level N".
QString levelName(quint8 level);

// Accepts a level name (case-insensitive: critical, error, warning, information/info, verbose,
// logalways) or a number 0..255.
std::optional<quint8> parseLevel(QStringView text);

// One named value of an event's payload (EventData, UserData or ProcessingErrorData).
//
// Naming rules (stable; the CLI's JSON "Data" object and the GUI use them):
//  * EventData/Data with a Name attribute: that name ("TargetUserName").
//  * EventData/Data without a Name attribute: "Data" followed by its 1-based position among
//    the EventData children ("Data1", "Data2", ...), so <Data>a</Data><Binary>..</Binary> gives
//    "Data1" and "Binary".
//  * EventData/Binary: "Binary" (the hex text as stored).
//  * Any other EventData child: its element name.
//  * UserData (and ProcessingErrorData): every element below the wrapper element that carries
//    text, named by its element name ("param1", "binaryData"); an attribute of such an element
//    is named "Element.Attribute" ("Error.Code"). Namespace declarations are skipped.
//  * An array value gives one field per item, all with the same name.
struct EventField
{
    QString name;
    QString value;

    friend bool operator==(const EventField &, const EventField &) = default;
};

// One event as the program sees it, whatever file or source it came from.
struct EventRecord
{
    quint64 recordId = 0; // the record header's identifier (= System/EventRecordID normally)
    quint32 eventId = 0; // System/EventID (without the Qualifiers)
    quint16 qualifiers = 0;
    quint8 level = 0; // System/Level, see EventLevel
    QDateTime timeCreated; // UTC; System/TimeCreated@SystemTime, else the record's write time
    quint64 filetimeCreated = 0; // the same in 100 ns FILETIME ticks, 0 when unknown
    quint64 filetimeWritten = 0; // the record header's write time (FILETIME)
    QString channel; // System/Channel
    QString provider; // System/Provider@Name
    QString eventSourceName; // System/Provider@EventSourceName (classic sources), or empty
    QString computer; // System/Computer
    QList<EventField> data; // the payload, in document order (see EventField)
    QString xml; // the whole event as XML, only when it was asked for
    qint64 fileOffset = -1; // where the record starts in its file, -1 if not from a file

    // The first field with this name (case-sensitive), or a null string.
    QString value(QStringView name) const;
    bool hasField(QStringView name) const;
};

} // namespace Entra::Events
