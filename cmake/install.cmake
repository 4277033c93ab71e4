# Installation in Debian's places, for the three kinds of user (docs/install.md):
#   bin/opticplan                                   the CLI (static: it needs only Debian's shared libraries)
#   lib/<multiarch>/libopticplan.so                 the library, one shared object from every layer's objects
#   include/opticplan/                              its headers (they include nlohmann/json.hpp only)
#   lib/<multiarch>/cmake/opticplan/                find_package(opticplan CONFIG): target opticplan::opticplan
#   lib/<multiarch>/pkgconfig/opticplan.pc          pkg-config --cflags --libs opticplan
#   lib/python3/dist-packages/opticplan/            the Python module (when OPTICPLAN_PYTHON)
#   share/opticplan/                                the shipped data (catalog, scenarios)
# and CPack's .deb of the same (cpack -G DEB in the build folder). tests/install checks all of it.
include(CMakePackageConfigHelpers)

set(layers core doc catalog supply link market select fabric source scenario results report run)
set(objects "")
foreach(layer IN LISTS layers)
  list(APPEND objects $<TARGET_OBJECTS:opticplan_${layer}>)
endforeach()
add_library(opticplan_shared SHARED ${objects})
set_target_properties(opticplan_shared PROPERTIES OUTPUT_NAME opticplan EXPORT_NAME opticplan
                      VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
target_include_directories(opticplan_shared PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
                           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
# The layers' third-party libraries (src/CMakeLists.txt), private to the shared object.
target_link_libraries(opticplan_shared PUBLIC nlohmann_json::nlohmann_json
                      PRIVATE yaml-cpp PkgConfig::LIBYAML csv PkgConfig::ZIP pugixml::pugixml PkgConfig::CBC fmt::fmt
                              PkgConfig::XLSXWRITER)

install(TARGETS opticplan RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS opticplan_shared EXPORT opticplanTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/opticplan DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/opticplan)

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/opticplan)
install(EXPORT opticplanTargets NAMESPACE opticplan:: DESTINATION ${config_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/opticplanConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/opticplanConfig.cmake INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/opticplanConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/opticplanConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/opticplanConfigVersion.cmake
        DESTINATION ${config_dir})
file(RELATIVE_PATH OPTICPLAN_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")  # relocatable: ${pcfiledir}/..
configure_file(${PROJECT_SOURCE_DIR}/cmake/opticplan.pc.in ${CMAKE_CURRENT_BINARY_DIR}/opticplan.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/opticplan.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(OPTICPLAN_PYTHON)
  install(TARGETS _opticplan LIBRARY DESTINATION lib/python3/dist-packages/opticplan)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/opticplan/ DESTINATION lib/python3/dist-packages/opticplan)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME opticplan)
set(CPACK_PACKAGE_VENDOR "opticplan")
set(CPACK_PACKAGE_CONTACT "opticplan developers <opticplan@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Planning engine for the optical interconnect of AI data centres")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the shared libraries it links (dpkg-shlibdeps)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "nlohmann-json3-dev, python3, python3-pandas")
include(CPack)
