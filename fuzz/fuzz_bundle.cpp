// Support bundle import (SupportBundleReader::read) with small limits: whatever the zip holds,
// only the temporary folder inside the scratch parent is written, and it is gone once the
// bundle is refused or released. Inputs starting with '{' go to the manifest reader instead.
#include "fuzzsupport.h"

#include "bundle/supportbundle.h"
#include "bundle/supportbundlereader.h"

#include <QDir>
#include <QFile>

using namespace Entra;
using namespace Entra::Bundle;
using namespace Qt::Literals::StringLiterals;

namespace {

QString scratch; // holds input.zip and parent/, nothing else
QString inputPath;
QString parentPath;

QStringList entries(const QString &path)
{
    return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::System
                                | QDir::NoDotAndDotDot);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initialize(argc, argv);
    scratch = Fuzz::workDirectory() + u"/bundle-scratch"_s;
    QDir(scratch).removeRecursively();
    parentPath = scratch + u"/parent"_s;
    inputPath = scratch + u"/input.zip"_s;
    if (!QDir().mkpath(parentPath))
        qFatal("fuzz_bundle: cannot create %s", qPrintable(parentPath));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    if (input.startsWith('{')) {
        (void)Manifest::fromJson(input);
        return 0;
    }
    {
        QFile file(inputPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(input) != input.size())
            qFatal("fuzz_bundle: cannot write %s", qPrintable(inputPath));
    }
    ReadLimits limits;
    limits.maxEntryBytes = 1 << 20;
    limits.maxTotalBytes = 4 << 20;
    limits.maxEntries = 64;
    limits.ratioFloorBytes = 64 << 10;
    limits.temporaryParent = parentPath;
    {
        const Result<ImportedBundle> bundle = SupportBundleReader::read(inputPath, limits);
        if (bundle) {
            // Everything it names is inside its own folder.
            const QString root = bundle->directory->path() + u'/';
            for (const QString &file : bundle->eventFiles + bundle->certificateFiles)
                if (!QFileInfo(file).absoluteFilePath().startsWith(root))
                    Fuzz::invariantFailed("an imported file outside the bundle's folder");
        }
        if (!bundle && !entries(parentPath).isEmpty())
            Fuzz::invariantFailed("a refused bundle left files behind");
    }
    if (!entries(parentPath).isEmpty())
        Fuzz::invariantFailed("the bundle's folder outlived the bundle");
    if (entries(scratch) != QStringList{u"input.zip"_s, u"parent"_s})
        Fuzz::invariantFailed("the bundle reader wrote outside its folder");
    return 0;
}
