// The swtpm launcher of tests/support that the TPM and integration suites rely on.
#include "swtpminstance.h"

#include <QDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra::Test;

class TstSwtpmInstance : public QObject
{
    Q_OBJECT

private slots:
    void freePortPair();
    void startsOnFreePortsWithFreshState();
    void twoInstancesDoNotCollide();
    void killAndRestartOnSameState();
    void destructorStopsIt();
};

void TstSwtpmInstance::freePortPair()
{
    const quint16 port = SwtpmInstance::findFreePortPair();
    QVERIFY(port > 0 && port < 65535);
    QVERIFY(SwtpmInstance::findClosedPort() > 0);
}

void TstSwtpmInstance::startsOnFreePortsWithFreshState()
{
    SwtpmInstance tpm;
    QVERIFY2(tpm.start(), qPrintable(tpm.errorString()));
    QVERIFY(tpm.isRunning());
    QVERIFY(tpm.port() > 0);
    QCOMPARE(tpm.controlPort(), quint16(tpm.port() + 1));
    QCOMPARE(tpm.tcti(), u"swtpm:host=127.0.0.1,port=%1"_s.arg(tpm.port()));
    // swtpm wrote its NVRAM into the fresh state directory.
    QTRY_VERIFY(!QDir(tpm.stateDir()).entryList(QDir::Files).isEmpty());
}

void TstSwtpmInstance::twoInstancesDoNotCollide()
{
    SwtpmInstance a;
    SwtpmInstance b;
    QVERIFY2(a.start(), qPrintable(a.errorString()));
    QVERIFY2(b.start(), qPrintable(b.errorString()));
    QVERIFY(a.port() != b.port());
    QVERIFY(a.stateDir() != b.stateDir());
}

void TstSwtpmInstance::killAndRestartOnSameState()
{
    SwtpmInstance first;
    QVERIFY2(first.start(), qPrintable(first.errorString()));
    const qint64 pid = first.processId();
    QVERIFY(pid > 0);
    first.kill();
    QVERIFY(!first.isRunning());
    QVERIFY(QDir(first.stateDir()).exists()); // the state outlives the process

    SwtpmInstance second(first.stateDir());
    QVERIFY2(second.start(), qPrintable(second.errorString()));
    QVERIFY(second.isRunning());
    QCOMPARE(second.stateDir(), first.stateDir());
}

void TstSwtpmInstance::destructorStopsIt()
{
    qint64 pid = 0;
    {
        SwtpmInstance tpm;
        QVERIFY2(tpm.start(), qPrintable(tpm.errorString()));
        pid = tpm.processId();
    }
    // The process is gone (and reaped): /proc has no entry for it.
    QVERIFY(!QDir(u"/proc/%1"_s.arg(pid)).exists());
}

QTEST_GUILESS_MAIN(TstSwtpmInstance)
#include "tst_swtpminstance.moc"
