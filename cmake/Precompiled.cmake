# Precompiled Qt headers (ENTRA_DOCTOR_PCH, on by default). At -O0 most of a translation unit's
# compile time is parsing Qt's headers; precompiling them once per library, and once for all
# the test programs, roughly halves a clean build, which is what CI pays for on every run.
#
# Each library precompiles its own set (its compile flags differ: the fuzz tree instruments
# entra_core alone). Programs and tests reuse one host, entra_exe_pch, an executable itself, so
# its flags are those of an executable (a PCH is valid only for the flags it was built with). It does
# not link QtTest on purpose: QtTest's per-directory QT_TESTCASE_SOURCEDIR definition would
# differ from every test's own and invalidate the header (QTest comes after the precompiled part).
option(ENTRA_DOCTOR_PCH "Precompile the Qt headers (faster clean builds)" ON)

set(ENTRA_PCH_CORE_HEADERS
    <QByteArray> <QString> <QStringList> <QList> <QHash> <QMap> <QSet> <QVariant>
    <QObject> <QPointer> <QTimer> <QDateTime> <QLocale> <QUuid> <QUrl> <QtEndian>
    <QFile> <QFileInfo> <QDir> <QSaveFile> <QTemporaryDir> <QTemporaryFile>
    <QJsonObject> <QJsonArray> <QJsonDocument> <QJsonValue>
    <QRegularExpression> <QCryptographicHash> <QLoggingCategory>
    <QFuture> <QFutureWatcher> <QPromise>)
set(ENTRA_PCH_NETWORK_HEADERS
    <QNetworkAccessManager> <QNetworkReply> <QNetworkRequest>
    <QSslCertificate> <QSslConfiguration> <QSslKey>)
set(ENTRA_PCH_GUI_HEADERS <QColor> <QFont> <QIcon> <QStandardItemModel>)
set(ENTRA_PCH_WIDGETS_HEADERS
    <QApplication> <QWidget> <QDialog> <QMainWindow> <QLabel> <QPushButton> <QToolButton>
    <QLineEdit> <QComboBox> <QCheckBox> <QProgressBar> <QStackedWidget> <QSplitter>
    <QBoxLayout> <QFormLayout> <QTreeView> <QTableView> <QHeaderView> <QTextBrowser>
    <QFileDialog> <QMessageBox>)

# entra_precompile(TARGET header...): the target's own precompiled header.
function(entra_precompile target)
    if(ENTRA_DOCTOR_PCH)
        target_precompile_headers(${target} PRIVATE ${ARGN})
    endif()
endfunction()

# entra_reuse_exe_pch(TARGET): an executable compiles against the shared executable header.
function(entra_reuse_exe_pch target)
    if(ENTRA_DOCTOR_PCH)
        target_precompile_headers(${target} REUSE_FROM entra_exe_pch)
    endif()
endfunction()

# Included by the top level after find_package(Qt6 ... Core Concurrent Gui Widgets Network).
if(ENTRA_DOCTOR_PCH)
    file(WRITE "${CMAKE_BINARY_DIR}/entra_exe_pch.cpp" "int main() { return 0; }\n")
    add_executable(entra_exe_pch EXCLUDE_FROM_ALL "${CMAKE_BINARY_DIR}/entra_exe_pch.cpp")
    # Only QtCore is linked: every program defines QT_CORE_LIB, but QT_WIDGETS_LIB and QT_GUI_LIB
    # change what QTEST_MAIN expands to, so the host takes the other modules' headers alone.
    target_link_libraries(entra_exe_pch PRIVATE Qt6::Core entra_common)
    foreach(module IN ITEMS Concurrent Gui Widgets Network)
        target_include_directories(entra_exe_pch PRIVATE
            $<TARGET_PROPERTY:Qt6::${module},INTERFACE_INCLUDE_DIRECTORIES>)
    endforeach()
    target_precompile_headers(entra_exe_pch PRIVATE
        ${ENTRA_PCH_CORE_HEADERS} <QtConcurrentRun> ${ENTRA_PCH_NETWORK_HEADERS}
        ${ENTRA_PCH_GUI_HEADERS} ${ENTRA_PCH_WIDGETS_HEADERS} <QProcess> <QElapsedTimer> <QEventLoop>)
endif()
