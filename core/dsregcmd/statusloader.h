#pragma once

#include "bundle/supportbundlereader.h"
#include "common/error.h"
#include "state/statussnapshot.h"

#include <QObject>

#include <memory>

namespace Entra {

// Loads a status off the GUI thread and reports back on the thread that owns the loader. Only
// the newest request reports: starting a load supersedes one still running.
class DeviceEnvironment;

class StatusLoader : public QObject
{
    Q_OBJECT

public:
    explicit StatusLoader(QObject *parent = nullptr);

    void loadFile(const QString &path);
    void loadBytes(const QByteArray &bytes, const QString &label);
    // This machine, as the environment describes it (state directory, TPM, cloud).
    void setEnvironment(std::shared_ptr<DeviceEnvironment> environment);
    void loadThisDevice();

    bool isBusy() const { return m_running > 0; }

Q_SIGNALS:
    void started(const QString &label);
    // A support bundle was opened: emitted just before loaded(), with the bundle whose
    // extracted files (event logs, certificates, TPM report) stay as long as it is held.
    void bundleLoaded(std::shared_ptr<const Entra::Bundle::ImportedBundle> bundle);
    void loaded(const Entra::StatusSnapshot &snapshot);
    void failed(const Entra::Error &error, const QString &label);

private:
    struct Outcome
    {
        std::optional<StatusSnapshot> snapshot;
        std::shared_ptr<const Bundle::ImportedBundle> bundle;
        Error error;
    };
    template<typename Work>
    void start(const QString &label, Work work);

    std::shared_ptr<DeviceEnvironment> m_environment;
    quint64 m_generation = 0;
    int m_running = 0;
};

} // namespace Entra
