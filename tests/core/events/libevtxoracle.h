#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// Reads an .evtx file with Debian's libevtx, the reference our own reader is checked against.
// Test code only: libevtx is never linked into the application.

struct OracleRecord
{
    int index = 0;
    bool ok = false; // libevtx returned the record
    QString error; // libevtx's error text when not ok
    quint64 id = 0;
    quint64 written = 0; // FILETIME
    quint32 eventId = 0;
    bool hasLevel = false;
    quint8 level = 0;
    QString sourceName; // Provider@EventSourceName, else Provider@Name
    QString computer;
    bool hasStrings = false;
    QStringList strings; // the event's strings (EventData / UserData values)
    QString xml;
};

struct OracleFile
{
    bool opened = false;
    QString error;
    int declared = 0; // libevtx_file_get_number_of_records
    QList<OracleRecord> records;

    int okCount() const;
};

OracleFile readWithLibevtx(const QString &path);
