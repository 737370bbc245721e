#pragma once

#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

// The shared dsregcmd samples, for data-driven tests.
inline QString dsregcmdSampleDir()
{
    return QStringLiteral(ENTRA_SAMPLES_DIR "/dsregcmd");
}

inline QStringList dsregcmdSamples()
{
    return QDir(dsregcmdSampleDir())
        .entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name);
}

inline QByteArray readDsregcmdSample(const QString &name)
{
    QFile file(dsregcmdSampleDir() + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read sample %s", qPrintable(name));
    return file.readAll();
}
